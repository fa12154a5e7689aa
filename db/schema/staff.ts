import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts, memberRole, users } from './core';

/** Tables owned by staff administration (docs/admin.md, "Invitations"). */

const tstz = () => timestamp({ withTimezone: true });

/**
 * An invitation link. Only the SHA-256 of its token is stored, so a leaked database row opens
 * nothing; the link is shown once to the inviter. It is used once (`accepted_at`), lapses at
 * `expires_at`, and can be withdrawn. Either a role on one account or platform admin.
 */
export const staffInvitations = pgTable(
  'staff_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    tokenHash: text().notNull(),
    email: text().notNull(),
    accountId: uuid().references(() => accounts.id, { onDelete: 'cascade' }),
    role: memberRole(),
    platformAdmin: boolean().notNull().default(false),
    invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: tstz().notNull().defaultNow(),
    expiresAt: tstz().notNull(),
    acceptedAt: tstz(),
    acceptedUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: tstz(),
  },
  (t) => [
    uniqueIndex('staff_invitations_token_key').on(t.tokenHash),
    index('staff_invitations_account_idx').on(t.accountId, t.createdAt),
    check(
      'staff_invitations_target',
      sql`(${t.platformAdmin} and ${t.accountId} is null and ${t.role} is null) or (not ${t.platformAdmin} and ${t.accountId} is not null and ${t.role} is not null)`,
    ),
  ],
);

export type StaffInvitation = typeof staffInvitations.$inferSelect;
