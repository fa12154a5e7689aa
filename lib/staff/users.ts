import { asc, eq, inArray, isNotNull, isNull, and } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, memberships, users, type MemberRole } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { revokeAllSessions } from '../auth/sessions';

/**
 * The platform's users (docs/admin.md "Staff and invitations"), for platform admins: who they
 * are, where they work, and disabling — which ends every session at once and makes sign-in
 * refuse them (lib/auth/authenticate.ts, lib/auth/sessions.ts check `disabled_at`).
 */

export interface PlatformUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  disabled: boolean;
  lastLoginAt: Date | null;
  memberships: Array<{ slug: string; name: string; role: MemberRole }>;
}

export async function listUsers(db: Db): Promise<PlatformUser[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  const ids = rows.map((u) => u.id);
  const member = ids.length
    ? await db
        .select({ userId: memberships.userId, slug: accounts.slug, name: accounts.name, role: memberships.role })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(inArray(memberships.userId, ids))
        .orderBy(asc(accounts.name))
    : [];
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    isPlatformAdmin: u.isPlatformAdmin,
    disabled: Boolean(u.disabledAt),
    lastLoginAt: u.lastLoginAt,
    memberships: member.filter((m) => m.userId === u.id).map(({ slug, name, role }) => ({ slug, name, role })),
  }));
}

export type DisableOutcome = 'ok' | 'unknown' | 'self' | 'unchanged';

/**
 * Disables or enables a user. Disabling ends all their sessions in the same transaction; nobody
 * disables themselves (the last platform admin could otherwise lock the platform out).
 */
export async function setUserDisabled(args: { db: Db; userId: string; disabled: boolean; actorId: string; ip?: string | null; now?: Date }): Promise<DisableOutcome> {
  const { userId, disabled } = args;
  if (userId === args.actorId) return 'self';
  return args.db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({ disabledAt: disabled ? (args.now ?? new Date()) : null })
      .where(and(eq(users.id, userId), disabled ? isNull(users.disabledAt) : isNotNull(users.disabledAt)))
      .returning({ id: users.id, email: users.email });
    if (changed.length === 0) {
      const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
      return exists ? 'unchanged' : 'unknown';
    }
    if (disabled) await revokeAllSessions({ db: tx as unknown as Db, userId, reason: 'disabled', actorId: args.actorId, ip: args.ip });
    await recordAudit({
      db: tx as unknown as Db,
      action: disabled ? 'user.disabled' : 'user.enabled',
      actorId: args.actorId,
      entityType: 'user',
      entityId: userId,
      detail: { email: changed[0]!.email },
      ip: args.ip ?? null,
    });
    return 'ok';
  });
}

/** Whether a user with this email is a platform admin already. */
export async function isPlatformAdminEmail(db: Db, email: string): Promise<boolean> {
  const all = await db.select({ email: users.email }).from(users).where(eq(users.isPlatformAdmin, true));
  return all.some((u) => u.email.toLowerCase() === email.trim().toLowerCase());
}
