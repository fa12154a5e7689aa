'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { env } from '@/lib/env';
import { getLocale } from '@/lib/i18n/server';
import { invitePlatformAdminCommand, revokePlatformInvitationCommand, setUserDisabledCommand } from '@/lib/staff/commands';
import { inviteAnswer } from '@/lib/staff/invite-answer';
import type { InviteState } from '@/lib/staff/invite-state';

/** The platform users page's actions: platform-scoped commands (users.manage), so anyone else gets a 404. */
export async function invitePlatformAdmin(_: InviteState, form: FormData): Promise<InviteState> {
  const { result, input } = await runStaffCommand(form, invitePlatformAdminCommand);
  if (result.ok) revalidatePath('/admin/users');
  return inviteAnswer(result, input, env().baseUrl, await getLocale());
}

export async function revokePlatformInvitation(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, revokePlatformInvitationCommand);
  if (result.ok) revalidatePath('/admin/users');
  return actionState(result, 'revoked', 'invalid');
}

export async function setUserDisabled(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, setUserDisabledCommand);
  if (result.ok) revalidatePath('/admin/users');
  return actionState(result, input.disabled === 'true' ? 'disabledDone' : 'enabledDone', 'invalid');
}
