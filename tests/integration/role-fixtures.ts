import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, users } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { ROLES, type Role } from '../../lib/auth/permissions';
import { accountIdOf, staffOf, type InboxWorld } from './inbox-fixtures';

/** The five roles a permission matrix tries, in the table's order (lib/auth/permissions.ts). */
export const EVERY_ROLE = ROLES;

/**
 * One staff member per role on `slug`: a new user for each account role (emails end in
 * `@{tag}.local`, so files do not collide), the demo's platform admin for `platform_admin`.
 */
export async function membersOfEveryRole(w: InboxWorld, slug: string, tag: string): Promise<Record<Role, Staff>> {
  const accountId = await accountIdOf(w, slug);
  const members = { platform_admin: await staffOf(w, 'admin@wegov.local') } as Record<Role, Staff>;
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) {
    const email = `${role}@${tag}.local`;
    const [u] = await w.t.db.insert(users).values({ email, name: role, passwordHash: 'x' }).returning();
    await w.t.db.insert(memberships).values({ userId: u!.id, accountId, role });
    members[role] = { id: u!.id, email, name: role, isPlatformAdmin: false, locale: 'zh-CN' };
  }
  return members;
}

/** How many refusals of `action` the audit log holds for this staff member. */
export async function deniedCount(w: InboxWorld, staff: Staff, action: string): Promise<number> {
  const rows = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, staff.id), eq(auditLog.action, 'access.denied')));
  return rows.filter((r) => (r.detail as { permission?: string } | null)?.permission === action).length;
}
