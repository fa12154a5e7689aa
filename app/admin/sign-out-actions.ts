'use server';

import { runStaffCommand } from '@/app/admin/run-command';
import { signOutEverywhereCommand } from '@/lib/auth/me-commands';

/**
 * Sign out everywhere: ends every session of the signed-in staff member, this one included
 * (docs/reliability.md E10). Takes no input; the caller then clears its own cookie with signOut.
 */
export async function signOutEverywhere(): Promise<{ ok: true }> {
  await runStaffCommand(null, signOutEverywhereCommand);
  return { ok: true };
}
