import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, cannedReplies, conversations, conversationStatus, users } from './core';

/** Tables owned by citizen service (docs/citizen-service.md): calendar, follow-ups, macros, presence. */

const tstz = () => timestamp({ withTimezone: true });
const ref64 = () => bigint({ mode: 'number' });

export const calendarDayKind = pgEnum('calendar_day_kind', ['holiday', 'workday']);
export const followUpStatus = pgEnum('follow_up_status', ['open', 'closed']);
export const presenceState = pgEnum('presence_state', ['viewing', 'typing']);

/**
 * Exceptions to an account's weekly office hours, in Asia/Shanghai: a public holiday on a
 * weekday (`holiday`) or a swapped working weekend (调休, `workday`). Prefilled from the national
 * calendar for the current year; the account edits its own.
 */
export const serviceCalendarDays = pgTable(
  'service_calendar_days',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    day: date({ mode: 'string' }).notNull(),
    kind: calendarDayKind().notNull(),
    label: text(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

/** A bad rating (1 or 2) asks the account admin to call the citizen back within 5 working days. */
export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    conversationId: ref64()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    rating: smallint().notNull(),
    status: followUpStatus().notNull().default('open'),
    dueAt: tstz().notNull(),
    /** What was done (called back, explained, re-opened…). */
    outcome: text(),
    closedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    closedAt: tstz(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    // One follow-up per rated conversation, however often the rating is sent.
    uniqueIndex('follow_up_tasks_conversation_key').on(t.conversationId),
    index('follow_up_tasks_open_idx').on(t.accountId, t.dueAt).where(sql`status = 'open'`),
  ],
);

/** One click that sends a canned reply and sets tags, status and assignee. */
export const macros = pgTable(
  'macros',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    cannedReplyId: ref64().references(() => cannedReplies.id, { onDelete: 'set null' }),
    /** Tag names to add to the citizen. */
    addTags: text().array().notNull().default(sql`'{}'::text[]`),
    setStatus: conversationStatus(),
    /** `me` (whoever clicks), `none` (unassign), a user id, or null (leave as is). */
    assignTo: text(),
    position: integer().notNull().default(0),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [index('macros_account_idx').on(t.accountId, t.position)],
);

/** Who has a conversation open or is typing in it, for the collision warning; rows go stale. */
export const conversationPresence = pgTable(
  'conversation_presence',
  {
    conversationId: ref64()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: presenceState().notNull(),
    seenAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] })],
);

export type ServiceCalendarDay = typeof serviceCalendarDays.$inferSelect;
export type FollowUpTask = typeof followUpTasks.$inferSelect;
export type Macro = typeof macros.$inferSelect;
export type ConversationPresence = typeof conversationPresence.$inferSelect;
