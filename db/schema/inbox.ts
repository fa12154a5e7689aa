import { bigint, index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts, conversations, users } from './core';

/** Tables owned by the inbox feature (see core.ts for the shared ones). */

const tstz = () => timestamp({ withTimezone: true });

export const referralStatus = pgEnum('referral_status', ['offered', 'accepted']);

/**
 * A question handed to another department. The citizen gets a card with the other account's
 * follow QR code whose scene is `ref:<id>`; scanning it opens a conversation there that holds
 * the question and this trail (docs/inbox.md, "Referrals").
 */
export const referrals = pgTable(
  'referrals',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fromAccountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    fromConversationId: bigint({ mode: 'number' })
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    toAccountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    toConversationId: bigint({ mode: 'number' }).references(() => conversations.id, { onDelete: 'set null' }),
    /** The citizen's question as staff summarised it for the other department. */
    question: text().notNull(),
    note: text(),
    status: referralStatus().notNull().default('offered'),
    qrTicket: text(),
    qrUrl: text(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: tstz().notNull().defaultNow(),
    acceptedAt: tstz(),
  },
  (t) => [
    index('referrals_from_conversation_idx').on(t.fromConversationId),
    index('referrals_to_conversation_idx').on(t.toConversationId),
  ],
);

/**
 * WeChat said "daily quota reached" (45009) for one API of one account: no call to that API
 * until `until` (Beijing midnight), so queued jobs wait instead of storming (docs/reliability.md J6).
 */
export const apiPauses = pgTable(
  'api_pauses',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    path: text().notNull(),
    until: tstz().notNull(),
    reason: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.path] })],
);

export type Referral = typeof referrals.$inferSelect;
export type ApiPause = typeof apiPauses.$inferSelect;
