'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { revokeAllSessions } from '@/lib/auth/sessions';

/**
 * Sign out everywhere: ends every session of the signed-in staff member, this one included
 * (docs/reliability.md E10). Takes no input; the caller then clears its own cookie with signOut.
 */
export async function signOutEverywhere(): Promise<{ ok: true }> {
  const staff = await requireStaff();
  await revokeAllSessions({ db: await getDb(), userId: staff.id, reason: 'sign_out_everywhere', ip: clientIpFrom(await headers()) });
  return { ok: true };
}
