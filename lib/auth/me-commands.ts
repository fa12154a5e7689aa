import { staffCommand } from './staff-command';
import { revokeAllSessions } from './sessions';

/**
 * What a staff member does to their own user (`self` actions, lib/auth/permissions.ts): allowed
 * to anyone signed in, always about `ctx.staff` and never a user id from the form.
 */

/** Ends every session of the signed-in user, this one included (docs/reliability.md E10). */
export const signOutEverywhereCommand = staffCommand('me.sign_out_everywhere', async (ctx) => {
  await revokeAllSessions({ db: ctx.db, userId: ctx.staff.id, reason: 'sign_out_everywhere', ip: ctx.ip });
  return { ok: true, data: undefined };
});
