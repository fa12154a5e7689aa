import { bigint, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, users } from './core';

/** Tables owned by the directory feature (see core.ts for the shared ones). */

export const domainClaimStatus = pgEnum('domain_claim_status', ['pending', 'verified', 'delisted']);
export const lookalikeDecision = pgEnum('lookalike_decision', ['impostor', 'not_impostor']);

/**
 * "This account belongs to <domain>": proven when https://<domain>/.well-known/wegov.json lists
 * the account (docs/directory.md). Re-checked daily; a valid file that stops listing the
 * account turns the claim `delisted`, while a fetch error leaves the last answer standing.
 */
export const domainClaims = pgTable(
  'directory_domain_claims',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    domain: text().notNull(),
    status: domainClaimStatus().notNull().default('pending'),
    lastCheckedAt: timestamp({ withTimezone: true }),
    lastListedAt: timestamp({ withTimezone: true }),
    /** Why the last check did not give an answer (timeout, bad JSON…); null when it did. */
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('directory_domain_claims_account_domain_key').on(t.accountId, t.domain)],
);

/** A platform admin's decision on a look-alike pair, so the same pair is not raised again. */
export const lookalikeReviews = pgTable(
  'directory_lookalike_reviews',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    officialAccountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    decision: lookalikeDecision().notNull(),
    reviewedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_lookalike_reviews_pair_key').on(t.accountId, t.officialAccountId),
    index('directory_lookalike_reviews_official_idx').on(t.officialAccountId),
  ],
);

export type DomainClaim = typeof domainClaims.$inferSelect;
export type LookalikeReview = typeof lookalikeReviews.$inferSelect;
