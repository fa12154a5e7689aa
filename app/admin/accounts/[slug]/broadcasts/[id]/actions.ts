'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState, type StaffCommandAnswer } from '@/app/admin/run-command';
import type { StaffCommand } from '@/lib/auth/staff-command';
import { updateBroadcastCommand } from '@/lib/broadcasts/compose';
import { approveBroadcastCommand, returnBroadcastCommand, submitBroadcastCommand } from '@/lib/broadcasts/review';

/**
 * The broadcast page's actions: runStaffCommand (session, 404 for another tenant's id) → the
 * command in lib/broadcasts (gate on the broadcast's own account, strict zod, effect, audit).
 */
async function run<T>(form: FormData, command: StaffCommand<T>, okCode: string): Promise<ActionState> {
  return answer(await runStaffCommand(form, command), okCode);
}

function answer<T>({ result }: StaffCommandAnswer<T>, okCode: string): ActionState {
  revalidatePath('/admin/accounts/[slug]/broadcasts/[id]', 'page');
  revalidatePath('/admin/accounts/[slug]/broadcasts', 'page');
  return actionState(result, okCode, 'invalid');
}

export async function updateBroadcast(_: ActionState, form: FormData): Promise<ActionState> {
  const answered = await runStaffCommand(form, updateBroadcastCommand);
  const reopened = answered.result.ok && answered.result.data.reopened;
  return answer(answered, reopened ? 'reopened' : 'saved');
}

export async function submitBroadcast(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, submitBroadcastCommand, 'submitted');
}

export async function approveBroadcast(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, approveBroadcastCommand, 'approved');
}

export async function returnBroadcast(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, returnBroadcastCommand, 'returned');
}
