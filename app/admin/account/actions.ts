'use server';

import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { changePasswordCommand } from '@/lib/auth/password-change';

/**
 * Change my password (lib/auth/password-change.ts). Success has ended every session, this one
 * included, so the answer is the sign-in page with a note to use the new password. A refusal
 * carries field errors only: passwords are never sent back into the form.
 */
export async function changePassword(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, changePasswordCommand);
  if (result.ok) redirect('/login?error=PasswordChanged');
  return actionState(result, 'changed');
}
