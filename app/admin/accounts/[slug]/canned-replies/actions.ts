'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { createCannedReplyCommand, deleteCannedReplyCommand, moveCannedReplyCommand, updateCannedReplyCommand } from '@/lib/canned/canned-replies';

/**
 * Canned replies' actions: runStaffCommand (session) → the command (gate on the reply's own
 * account, strict zod, effect, audit; lib/canned/canned-replies.ts) → 404 for another tenant. The
 * `$slug` field only names the page to refresh; the command never takes an account from it.
 */
function refresh(form: FormData): void {
  const slug = String(form.get('$slug') ?? form.get('account') ?? '');
  revalidatePath(`/admin/accounts/${encodeURIComponent(slug)}/canned-replies`);
}

export async function createCanned(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, createCannedReplyCommand);
  if (result.ok) refresh(form);
  return actionState(result, 'created', 'invalid');
}

export async function updateCanned(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, updateCannedReplyCommand);
  if (result.ok) refresh(form);
  return actionState(result, 'saved', 'invalid');
}

export async function moveCanned(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, moveCannedReplyCommand);
  if (result.ok) refresh(form);
  return actionState(result, 'moved');
}

export async function deleteCanned(form: FormData): Promise<void> {
  const { result } = await runStaffCommand(form, deleteCannedReplyCommand);
  if (result.ok) refresh(form);
}
