import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { events, followers, registrations } from './core';

/** Tables owned by the events feature (see core.ts for the shared ones). */

export const eventNoticeKind = pgEnum('event_notice_kind', ['reminder', 'postponed', 'cancelled', 'promoted', 'thanks']);
/** How a notice reaches the citizen (docs/events.md, "Reminders"): never the broadcast quota. */
export const eventNoticeRoute = pgEnum('event_notice_route', ['custom', 'template', 'unreachable']);

/**
 * One row per notice to one registration. `notice_key` is unique, so the reminder scan (which
 * may run in several processes, and repeatedly) sends each reminder once: the insert that wins
 * the key also enqueues the job, in the same transaction.
 */
export const eventNotices = pgTable(
  'event_notices',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    registrationId: bigint({ mode: 'number' })
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    followerId: bigint({ mode: 'number' }).references(() => followers.id, { onDelete: 'set null' }),
    kind: eventNoticeKind().notNull(),
    route: eventNoticeRoute().notNull(),
    noticeKey: text().notNull(),
    /** Why a notice could not be routed (no follower, window closed and no template…). */
    reason: text(),
    text: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('event_notices_key').on(t.noticeKey),
    index('event_notices_event_idx').on(t.eventId, t.route),
    index('event_notices_unreachable_idx').on(t.eventId).where(sql`route = 'unreachable'`),
  ],
);

/**
 * Interest tags offered to a follower who registered, waiting for their yes. Registering adds
 * no tag: the reply asks ("回复「1」…") and only a `1` sent as the follower's next message in
 * the chat, before `expires_at`, adds them (lib/followers/tag-offers.ts, docs/events.md,
 * "Interest tags: asked, not assumed"). One offer per follower: a newer registration replaces
 * it, and an accepted, lapsed or withdrawn offer is deleted, so the table stays small.
 */
export const tagOffers = pgTable('tag_offers', {
  followerId: bigint({ mode: 'number' })
    .primaryKey()
    .references(() => followers.id, { onDelete: 'cascade' }),
  eventId: integer()
    .notNull()
    .references(() => events.id, { onDelete: 'cascade' }),
  tags: text().array().notNull(),
  offeredAt: timestamp({ withTimezone: true }).notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
});

export type EventNotice = typeof eventNotices.$inferSelect;
export type TagOffer = typeof tagOffers.$inferSelect;
