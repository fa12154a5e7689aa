import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, memberships, users, type Account, type User } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { can, type AccountAction, type Action, type PlatformAction, type Role } from './permissions';

export type { Role } from './permissions';

export interface Staff {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  locale: string;
}

/**
 * Loads a staff member by id and `session_version`, refusing disabled users and versions older
 * than the last sign-out-everywhere, password or role change (docs/reliability.md E5). Admin
 * requests go through lib/auth/sessions.ts `checkSession`, which applies the same rule together
 * with the session's own row (E10, E11).
 */
export async function loadStaff(db: Db, userId: string, sessionVersion: number): Promise<Staff | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return staffFromUser(user);
}

/** The staff view of a user row; sessions (lib/auth/sessions.ts) check the row before calling this. */
export function staffFromUser(user: User): Staff {
  return { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, locale: user.locale };
}

export interface AccountAccess {
  account: Account;
  role: Role;
}

/** Every account this staff member may act on (for `action`, when given), with their role there. */
export async function listAccountsForStaff(db: Db, staff: Staff, action?: AccountAction): Promise<AccountAccess[]> {
  const all = await everyAccountOf(db, staff);
  return action ? all.filter((a) => can(a.role, action)) : all;
}

async function everyAccountOf(db: Db, staff: Staff): Promise<AccountAccess[]> {
  if (staff.isPlatformAdmin) {
    const rows = await db.select().from(accounts).where(isNull(accounts.disabledAt)).orderBy(asc(accounts.name));
    return rows.map((account) => ({ account, role: 'platform_admin' as const }));
  }
  const rows = await db
    .select({ account: accounts, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.userId, staff.id), isNull(accounts.disabledAt)))
    .orderBy(asc(accounts.name));
  return rows;
}

/**
 * The one gate for "this user may do `action` on this account" (lib/auth/permissions.ts): every
 * admin page, action and route handler resolves its account through here. Another tenant's
 * account — or one that does not exist, or a role the table does not allow — gives null, which
 * callers turn into a 404 so nothing confirms that the record exists. Refusals are audited.
 */
export async function accountForStaff(args: {
  db: Db;
  staff: Staff;
  slug?: string;
  accountId?: string;
  action: AccountAction;
  ip?: string | null;
}): Promise<AccountAccess | null> {
  const { db, staff, action } = args;
  // A malformed id is just another id we do not have (and must not become a SQL error).
  if (args.accountId !== undefined && !UUID.test(args.accountId)) return deny(args, null);
  const where = args.accountId ? eq(accounts.id, args.accountId) : args.slug ? eq(accounts.slug, args.slug) : undefined;
  if (!where) return null;
  const [row] = await db
    .select({ account: accounts, role: memberships.role })
    .from(accounts)
    .leftJoin(memberships, and(eq(memberships.accountId, accounts.id), eq(memberships.userId, staff.id)))
    .where(and(where, isNull(accounts.disabledAt)))
    .limit(1);
  const role: Role | null = staff.isPlatformAdmin ? 'platform_admin' : (row?.role ?? null);
  if (!row || !role || !can(role, action)) return deny(args, row?.account.id ?? null);
  return { account: row.account, role };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function deny(
  args: { db: Db; staff: Staff; slug?: string; accountId?: string; action: Action; ip?: string | null },
  accountId: string | null,
): Promise<null> {
  await recordAudit({
    db: args.db,
    actorId: args.staff.id,
    accountId,
    action: 'access.denied',
    detail: { slug: args.slug?.slice(0, 100), accountId: args.accountId?.slice(0, 100), permission: args.action },
    ip: args.ip ?? null,
  });
  return null;
}

/**
 * The gate for actions not tied to one account (the directory's reports): a role the table
 * allows, or null (→ 404, as for a foreign record), audited like any refusal.
 */
export async function platformForStaff(args: { db: Db; staff: Staff; action: PlatformAction; ip?: string | null }): Promise<{ role: Role } | null> {
  const role: Role | null = args.staff.isPlatformAdmin ? 'platform_admin' : null;
  if (role && can(role, args.action)) return { role };
  await recordAudit({ db: args.db, actorId: args.staff.id, action: 'access.denied', detail: { permission: args.action }, ip: args.ip ?? null });
  return null;
}
