'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { deactivateAccountCommand, setVerificationCommand, updateAccountCommand } from '@/lib/accounts/commands';

/**
 * The account's details, its verification (platform admin) and deactivation (platform admin):
 * runStaffCommand → the command gates on the slug's own account (lib/accounts/commands.ts) →
 * revalidate the admin and the public pages that show the account.
 */
function refresh(slug: unknown): void {
  const s = typeof slug === 'string' ? slug : '';
  revalidatePath(`/admin/accounts/${s}`, 'layout');
  revalidatePath('/admin');
  revalidatePath('/');
  revalidatePath(`/accounts/${s}`);
}

export async function updateAccount(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, updateAccountCommand);
  if (result.ok) refresh(input.slug);
  return actionState(result, 'saved', 'invalid');
}

export async function setVerification(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, setVerificationCommand);
  if (result.ok) refresh(input.slug);
  return actionState(result, 'saved', 'invalid');
}

export async function deactivateAccount(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, deactivateAccountCommand);
  if (result.ok) {
    refresh(input.slug);
    redirect('/admin/accounts/new#deactivated');
  }
  return actionState(result, 'saved');
}
