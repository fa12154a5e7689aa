'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { createAccountCommand, reactivateAccountCommand } from '@/lib/accounts/commands';

/**
 * Platform admin: create an account (then on to its developer settings) and bring a deactivated
 * one back. runStaffCommand → the platform-scoped command (lib/accounts/commands.ts) → revalidate.
 */
export async function createAccount(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, createAccountCommand);
  if (result.ok) {
    revalidatePath('/admin');
    redirect(`/admin/accounts/${result.data.slug}/developer`);
  }
  return actionState(result, 'saved', 'invalid');
}

export async function reactivateAccount(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, reactivateAccountCommand);
  if (result.ok) {
    revalidatePath('/admin');
    revalidatePath('/admin/accounts/new');
    revalidatePath('/');
  }
  return actionState(result, 'reactivated');
}
