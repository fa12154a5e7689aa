import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { memberships, users, type MemberRole } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { revokeAllSessions } from '../auth/sessions';

/**
 * An account's members (docs/admin.md "Staff and invitations"). A change of role and a removal
 * end every session of that user (revokeAllSessions), so the change holds from their next
 * request — nothing of the old role survives in a cookie. The last account admin can be neither
 * demoted nor removed: an account must keep someone who can manage it without a platform admin.
 */

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: MemberRole;
  disabled: boolean;
  lastLoginAt: Date | null;
  since: Date;
}

export async function listMembers(db: Db, accountId: string): Promise<Member[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      disabledAt: users.disabledAt,
      lastLoginAt: users.lastLoginAt,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(users.name), asc(users.email));
  return rows.map(({ disabledAt, ...r }) => ({ ...r, disabled: Boolean(disabledAt) }));
}

export type MemberChange = 'ok' | 'not_member' | 'last_admin' | 'unchanged';

/**
 * Locks the account's admin rows, then reads the member: two admins demoting each other at the
 * same moment are serialised here, and the second sees that only one admin is left.
 */
async function lockAndRead(tx: Db, accountId: string, userId: string) {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'account_admin')))
    .for('update');
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))
    .for('update');
  return { admins: admins.length, member: member ?? null };
}

export async function changeMemberRole(args: { db: Db; accountId: string; userId: string; role: MemberRole; actorId: string; ip?: string | null }): Promise<MemberChange> {
  const { accountId, userId, role } = args;
  return args.db.transaction(async (tx) => {
    const { admins, member } = await lockAndRead(tx as unknown as Db, accountId, userId);
    if (!member) return 'not_member';
    if (member.role === role) return 'unchanged';
    if (member.role === 'account_admin' && admins <= 1) return 'last_admin';
    await tx.update(memberships).set({ role }).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
    await revokeAllSessions({ db: tx as unknown as Db, userId, reason: 'role_change', actorId: args.actorId, ip: args.ip });
    await recordAudit({
      db: tx as unknown as Db,
      action: 'member.role_changed',
      actorId: args.actorId,
      accountId,
      entityType: 'user',
      entityId: userId,
      detail: { from: member.role, to: role },
      ip: args.ip ?? null,
    });
    return 'ok';
  });
}

export async function removeMember(args: { db: Db; accountId: string; userId: string; actorId: string; ip?: string | null }): Promise<MemberChange> {
  const { accountId, userId } = args;
  return args.db.transaction(async (tx) => {
    const { admins, member } = await lockAndRead(tx as unknown as Db, accountId, userId);
    if (!member) return 'not_member';
    if (member.role === 'account_admin' && admins <= 1) return 'last_admin';
    await tx.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
    await revokeAllSessions({ db: tx as unknown as Db, userId, reason: 'role_change', actorId: args.actorId, ip: args.ip });
    await recordAudit({
      db: tx as unknown as Db,
      action: 'member.removed',
      actorId: args.actorId,
      accountId,
      entityType: 'user',
      entityId: userId,
      detail: { role: member.role },
      ip: args.ip ?? null,
    });
    return 'ok';
  });
}

/** Whether someone with this email is a member of the account already (inviting them again is pointless). */
export async function isMemberByEmail(db: Db, accountId: string, email: string): Promise<boolean> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), eq(sql`lower(${users.email})`, email.trim().toLowerCase())))
    .limit(1);
  return rows.length > 0;
}
