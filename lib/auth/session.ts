import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '../../db';
import { accountForStaff, loadStaff, type AccountAccess, type Role, type Staff } from './access';
import { clientIpFrom } from './client-ip';
import { authOptions } from './next-auth';

/**
 * The signed-in staff member, re-checked against the database; otherwise to /login. Cached per
 * request, so a layout and its page share one lookup.
 */
export const requireStaff = cache(async (): Promise<Staff> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sv?: number } | undefined;
  if (!user?.id) redirect('/login');
  const staff = await loadStaff(await getDb(), user.id, user.sv ?? 0);
  if (!staff) redirect('/login?error=SessionExpired');
  return staff;
});

/**
 * Staff member plus their access to one account, or a 404 — the same answer whether the
 * account belongs to another tenant or does not exist.
 */
export const requireAccount = cache(async (slug: string, minimumRole: Role = 'agent'): Promise<AccountAccess & { staff: Staff }> => {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  const access = await accountForStaff({ db: await getDb(), staff, slug, minimumRole, ip });
  if (!access) notFound();
  return { ...access, staff };
});
