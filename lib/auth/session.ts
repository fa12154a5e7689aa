import 'server-only';
import { getServerSession } from 'next-auth';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '../../db';
import { accountForStaff, platformForStaff, type AccountAccess, type Staff } from './access';
import type { AccountAction, PlatformAction } from './permissions';
import { clientIpFrom } from './client-ip';
import { authOptions, loadSessionOnce } from './next-auth';
import { checkSession } from './sessions';

/**
 * The signed-in staff member, re-checked against the database on every request: the session
 * must not be ended or past its absolute lifetime, and the user must be enabled with an unchanged
 * `session_version` (lib/auth/sessions.ts; docs/reliability.md E5, E10, E11). Otherwise to
 * /login. Cached per request, so a layout and its page share one lookup — and the lookup itself
 * is shared with next-auth's jwt callback (loadSessionOnce).
 */
export const requireStaffSession = cache(async (): Promise<{ staff: Staff; sid: string }> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: unknown; sid?: unknown; sv?: unknown } | undefined;
  // A session cookie that next-auth refused (ended, expired, revoked) says "signed out", not "never signed in".
  if (!user?.id) redirect((await hasSessionCookie()) ? '/login?error=SessionExpired' : '/login');
  const verdict = await checkSession({
    db: await getDb(),
    claims: { sub: user.id, sid: user.sid, sv: user.sv },
    load: (_db, userId, sid) => loadSessionOnce(userId, sid),
  });
  if (!verdict.ok) redirect('/login?error=SessionExpired');
  return { staff: verdict.staff, sid: verdict.session.id };
});

/** next-auth's session cookie, with or without the `__Secure-` prefix, whole or in chunks. */
async function hasSessionCookie(): Promise<boolean> {
  return (await cookies()).getAll().some((cookie) => /next-auth\.session-token(\.\d+)?$/.test(cookie.name));
}

/** The signed-in staff member (requireStaffSession without the session's id). */
export const requireStaff = cache(async (): Promise<Staff> => (await requireStaffSession()).staff);

/**
 * Staff member plus their access to one account for `action` (lib/auth/permissions.ts), or a 404 — the same answer whether the
 * account belongs to another tenant or does not exist.
 */
export const requireAccount = cache(async (slug: string, action: AccountAction): Promise<AccountAccess & { staff: Staff }> => {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  const access = await accountForStaff({ db: await getDb(), staff, slug, action, ip });
  if (!access) notFound();
  return { ...access, staff };
});

/** The signed-in staff member if the permission table gives them this platform action, or a 404. */
export const requirePlatform = cache(async (action: PlatformAction): Promise<Staff> => {
  const staff = await requireStaff();
  const allowed = await platformForStaff({ db: await getDb(), staff, action, ip: clientIpFrom(await headers()) });
  if (!allowed) notFound();
  return staff;
});
