'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { env } from '@/lib/env';
import { getLocale } from '@/lib/i18n/server';
import { changeRoleCommand, inviteMemberCommand, removeMemberCommand, revokeInvitationCommand } from '@/lib/staff/commands';
import { inviteAnswer } from '@/lib/staff/invite-answer';
import type { InviteState } from '@/lib/staff/invite-state';

/**
 * The members page's actions (lib/staff/commands.ts): each through runStaffCommand, so the
 * session, the permission table and the record's own account decide; another account's member or
 * invitation is a 404. The page is revalidated from the account the command resolved.
 */
const pageOf = (slug: unknown) => `/admin/accounts/${encodeURIComponent(String(slug ?? ''))}/staff`;

export async function inviteMember(_: InviteState, form: FormData): Promise<InviteState> {
  const { result, input } = await runStaffCommand(form, inviteMemberCommand);
  if (result.ok) revalidatePath(pageOf(input.account));
  return inviteAnswer(result, input, env().baseUrl, await getLocale());
}

export async function revokeInvitation(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, revokeInvitationCommand);
  if (result.ok) revalidatePath(pageOf(result.data.accountSlug));
  return actionState(result, 'revoked', 'invalid');
}

export async function changeRole(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, changeRoleCommand);
  if (result.ok) revalidatePath(pageOf(input.account));
  return actionState(result, 'roleSaved', 'invalid');
}

export async function removeMember(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, removeMemberCommand);
  if (result.ok) revalidatePath(pageOf(input.account));
  return actionState(result, 'removed', 'invalid');
}
