import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, broadcasts, followers, users } from './core';

/** Tables owned by the broadcasts feature (docs/broadcasts.md); `broadcasts` itself is in core.ts. */

const tstz = () => timestamp({ withTimezone: true });
const ref64 = () => bigint({ mode: 'number' });

export const reviewDecision = pgEnum('review_decision', ['approved', 'returned']);

/** One reviewer's decision on one level of one review round; every step shows on the broadcast. */
export const broadcastReviews = pgTable(
  'broadcast_reviews',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    broadcastId: ref64()
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    round: integer().notNull(),
    level: integer().notNull(),
    reviewerId: uuid().references(() => users.id, { onDelete: 'set null' }),
    decision: reviewDecision().notNull(),
    comment: text(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [
    // A level is decided once per round: two reviewers clicking at once cannot both pass it.
    uniqueIndex('broadcast_reviews_step_key').on(t.broadcastId, t.round, t.level),
  ],
);

/**
 * A push slot spent: one row per broadcast sent, numbered within its quota period. The primary
 * key (account, period, slot) is what makes "never beyond quota" hold under concurrency: two
 * sends racing for the last slot insert the same key and one of them loses.
 */
export const broadcastQuotaSlots = pgTable(
  'broadcast_quota_slots',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** `2026-12-01` (daily policies) or `2026-12` (monthly), Asia/Shanghai. */
    period: text().notNull(),
    slot: integer().notNull(),
    broadcastId: ref64()
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    spentAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.period, t.slot] }), uniqueIndex('broadcast_quota_slots_broadcast_key').on(t.broadcastId)],
);

/** Who a broadcast was sent to, for the per-follower monthly cap (service accounts: 4 a month). */
export const broadcastReceipts = pgTable(
  'broadcast_receipts',
  {
    broadcastId: ref64()
      .notNull()
      .references(() => broadcasts.id, { onDelete: 'cascade' }),
    followerId: ref64()
      .notNull()
      .references(() => followers.id, { onDelete: 'cascade' }),
    /** `2026-12`, Asia/Shanghai. */
    month: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.broadcastId, t.followerId] }), index('broadcast_receipts_follower_month_idx').on(t.followerId, t.month)],
);

/** The account's guest list (体验者): in trial mode, the only people anything reaches. */
export const broadcastGuests = pgTable(
  'broadcast_guests',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    followerId: ref64()
      .notNull()
      .references(() => followers.id, { onDelete: 'cascade' }),
    addedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.followerId] })],
);

/** The account's list of wrong or sensitive wording (错敏词) with the suggested correction. */
export const wordingRules = pgTable(
  'wording_rules',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    word: text().notNull(),
    suggestion: text(),
    note: text(),
    createdAt: tstz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('wording_rules_account_word_key').on(t.accountId, sql`lower(${t.word})`)],
);

export type BroadcastReview = typeof broadcastReviews.$inferSelect;
export type BroadcastQuotaSlot = typeof broadcastQuotaSlots.$inferSelect;
export type WordingRule = typeof wordingRules.$inferSelect;
