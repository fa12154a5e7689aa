import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, users, type MemberRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { hashPassword } from '../../lib/auth/password';
import { checkSession, startSession, type SessionClaims } from '../../lib/auth/sessions';
import { accountIdBySlug } from '../helpers/webhook';

/** Helpers of the staff administration tests (lib/staff): users, members, sessions, audit rows. */

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${(counter += 1)}@staff.test`;

export async function newUser(db: Db, opts: { email?: string; password?: string; platformAdmin?: boolean } = {}): Promise<Staff> {
  const passwordHash = opts.password ? await hashPassword(opts.password) : 'not-a-hash';
  const [user] = await db
    .insert(users)
    .values({ email: opts.email ?? unique('user'), name: opts.email ?? 'Test user', passwordHash, isPlatformAdmin: opts.platformAdmin ?? false })
    .returning();
  return staffFromUser(user!);
}

export async function newMember(db: Db, slug: string, role: MemberRole, opts: { email?: string; password?: string } = {}): Promise<Staff> {
  const staff = await newUser(db, { email: opts.email ?? unique(role), password: opts.password });
  await db.insert(memberships).values({ userId: staff.id, accountId: await accountIdBySlug(db, slug), role });
  return staff;
}

/** A session as sign-in opens it, and the claims its JWT carries. */
export async function signedIn(db: Db, staff: Staff): Promise<SessionClaims> {
  const { sid } = await startSession({ db, userId: staff.id, ip: '10.12.0.1', userAgent: 'vitest' });
  const [row] = await db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, staff.id));
  return { sub: staff.id, sid, sv: row!.sv };
}

/** Would the next request with this session be let in (lib/auth/sessions.ts checkSession)? */
export async function stillSignedIn(db: Db, claims: SessionClaims): Promise<boolean> {
  return (await checkSession({ db, claims })).ok;
}

export async function roleOf(db: Db, userId: string, slug: string): Promise<MemberRole | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.accountId, await accountIdBySlug(db, slug))));
  return row?.role ?? null;
}

export async function auditRows(db: Db, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action));
}

export async function deniedCount(db: Db, staff: Staff, permission: string): Promise<number> {
  const rows = await db.select().from(auditLog).where(and(eq(auditLog.actorId, staff.id), eq(auditLog.action, 'access.denied')));
  return rows.filter((r) => (r.detail as { permission?: string } | null)?.permission === permission).length;
}
