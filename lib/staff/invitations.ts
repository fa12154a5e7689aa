import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, memberships, staffInvitations, users, type MemberRole, type StaffInvitation } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { hashInvitationToken, isInvitationTokenShape, newInvitationToken } from './invitation-token';

/**
 * Invitations (docs/admin.md "Staff and invitations"): a link, shown once to the inviter, that
 * lets one person join an account with a role — or become a platform admin. Used once, lapses at
 * its expiry, can be withdrawn. The token itself is never stored, audited or logged; rows and
 * audit entries name the invitation by its id.
 */

export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 30;

/** Who an invitation makes the invitee: a role on one account, or platform admin. */
export type InvitationTarget = { accountId: string; role: MemberRole } | { platformAdmin: true };

export async function createInvitation(args: {
  db: Db;
  email: string;
  target: InvitationTarget;
  validDays: number;
  invitedBy: string;
  ip?: string | null;
  now?: Date;
}): Promise<{ invitation: StaffInvitation; token: string }> {
  const now = args.now ?? new Date();
  const token = newInvitationToken();
  const email = args.email.trim().toLowerCase();
  const accountId = 'accountId' in args.target ? args.target.accountId : null;
  return args.db.transaction(async (tx) => {
    // A new link for the same person and place replaces the one before: only one can be live.
    const replaced = await tx
      .update(staffInvitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(staffInvitations.email, email),
          accountId ? eq(staffInvitations.accountId, accountId) : eq(staffInvitations.platformAdmin, true),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
        ),
      )
      .returning({ id: staffInvitations.id });
    const [invitation] = await tx
      .insert(staffInvitations)
      .values({
        tokenHash: hashInvitationToken(token),
        email,
        accountId,
        role: 'role' in args.target ? args.target.role : null,
        platformAdmin: 'platformAdmin' in args.target,
        invitedBy: args.invitedBy,
        createdAt: now,
        expiresAt: new Date(now.getTime() + args.validDays * 86_400_000),
      })
      .returning();
    await recordAudit({
      db: tx as unknown as Db,
      action: 'invitation.created',
      actorId: args.invitedBy,
      accountId,
      entityType: 'staff_invitation',
      entityId: invitation!.id,
      detail: { email, role: invitation!.role ?? 'platform_admin', validDays: args.validDays, replaced: replaced.length },
      ip: args.ip ?? null,
    });
    return { invitation: invitation!, token };
  });
}

/** Invitations still waiting for their invitee, of one account or (null) the platform's, oldest first. */
export async function listPendingInvitations(db: Db, accountId: string | null, now = new Date()): Promise<StaffInvitation[]> {
  return db
    .select()
    .from(staffInvitations)
    .where(
      and(
        accountId ? eq(staffInvitations.accountId, accountId) : eq(staffInvitations.platformAdmin, true),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
        gt(staffInvitations.expiresAt, now),
      ),
    )
    .orderBy(asc(staffInvitations.expiresAt));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function invitationById(db: Db, id: string): Promise<StaffInvitation | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(staffInvitations).where(eq(staffInvitations.id, id)).limit(1);
  return row ?? null;
}

/** Withdraws a pending invitation; false when it was accepted, withdrawn or lapsed already. */
export async function revokeInvitation(args: { db: Db; invitation: StaffInvitation; actorId: string; ip?: string | null; now?: Date }): Promise<boolean> {
  const now = args.now ?? new Date();
  const revoked = await args.db
    .update(staffInvitations)
    .set({ revokedAt: now })
    .where(and(eq(staffInvitations.id, args.invitation.id), isNull(staffInvitations.acceptedAt), isNull(staffInvitations.revokedAt), gt(staffInvitations.expiresAt, now)))
    .returning({ id: staffInvitations.id });
  if (revoked.length === 0) return false;
  await recordAudit({
    db: args.db,
    action: 'invitation.revoked',
    actorId: args.actorId,
    accountId: args.invitation.accountId,
    entityType: 'staff_invitation',
    entityId: args.invitation.id,
    detail: { email: args.invitation.email, role: args.invitation.role ?? 'platform_admin' },
    ip: args.ip ?? null,
  });
  return true;
}

export type InvitationState = 'valid' | 'expired' | 'used' | 'revoked' | 'unknown';

export interface InvitationView {
  state: InvitationState;
  invitation?: StaffInvitation;
  /** The account it opens (null for a platform-admin invitation). */
  account?: { id: string; slug: string; name: string } | null;
  /** A user already has the invitation's email: they accept by signing in. */
  existingUser?: { id: string; disabled: boolean } | null;
  /** Who sent it, by name, when they still exist. */
  inviterName?: string | null;
}

/** What a link says, for the invite page: nothing about an unknown token but "unknown". */
export async function invitationByToken(db: Db, token: string, now = new Date()): Promise<InvitationView> {
  if (!isInvitationTokenShape(token)) return { state: 'unknown' };
  const [row] = await db
    .select({ invitation: staffInvitations, account: { id: accounts.id, slug: accounts.slug, name: accounts.name, disabledAt: accounts.disabledAt } })
    .from(staffInvitations)
    .leftJoin(accounts, eq(accounts.id, staffInvitations.accountId))
    .where(eq(staffInvitations.tokenHash, hashInvitationToken(token)))
    .limit(1);
  if (!row) return { state: 'unknown' };
  const state = stateOf(row.invitation, now, row.account?.disabledAt ?? null);
  if (state !== 'valid') return { state, invitation: row.invitation };
  const [user] = await db
    .select({ id: users.id, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, row.invitation.email.toLowerCase()))
    .limit(1);
  const [inviter] = row.invitation.invitedBy
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, row.invitation.invitedBy)).limit(1)
    : [];
  return {
    inviterName: inviter?.name ?? null,
    state,
    invitation: row.invitation,
    account: row.account ? { id: row.account.id, slug: row.account.slug, name: row.account.name } : null,
    existingUser: user ? { id: user.id, disabled: Boolean(user.disabledAt) } : null,
  };
}

function stateOf(invitation: StaffInvitation, now: Date, accountDisabledAt: Date | null): InvitationState {
  if (invitation.acceptedAt) return 'used';
  if (invitation.revokedAt) return 'revoked';
  // A deactivated account takes no new staff; its link reads as withdrawn.
  if (accountDisabledAt) return 'revoked';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/**
 * Takes the invitation, once: the single statement that can succeed only for a live link, so two
 * acceptances at the same moment give one winner (the other sees no row). Call inside the
 * transaction that also creates what the invitation grants, so a failure after it gives the
 * link back.
 */
export async function claimInvitation(tx: Db, token: string, userId: string | null): Promise<StaffInvitation | null> {
  const [claimed] = await tx
    .update(staffInvitations)
    .set({ acceptedAt: sql`now()`, acceptedUserId: userId })
    .where(
      and(
        eq(staffInvitations.tokenHash, hashInvitationToken(token)),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
        gt(staffInvitations.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return claimed ?? null;
}

/** What an accepted invitation grants to `userId`: the membership, or platform admin. */
export async function grantInvitation(tx: Db, invitation: StaffInvitation, userId: string): Promise<void> {
  if (invitation.platformAdmin) {
    await tx.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, userId));
    return;
  }
  // Already a member (invited twice, or added meanwhile): the role they hold stays.
  await tx.insert(memberships).values({ userId, accountId: invitation.accountId!, role: invitation.role! }).onConflictDoNothing();
}

export async function auditAccepted(tx: Db, invitation: StaffInvitation, userId: string, newUser: boolean, ip: string | null | undefined): Promise<void> {
  await recordAudit({
    db: tx,
    action: 'invitation.accepted',
    actorId: userId,
    accountId: invitation.accountId,
    entityType: 'staff_invitation',
    entityId: invitation.id,
    detail: { email: invitation.email, role: invitation.role ?? 'platform_admin', newUser },
    ip: ip ?? null,
  });
}
