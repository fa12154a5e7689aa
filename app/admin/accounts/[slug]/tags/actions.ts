'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import type { StaffCommand } from '@/lib/auth/staff-command';
import { createTagCommand, deleteTagCommand, updateTagCommand } from '@/lib/tags/commands';

/** Tag actions: runStaffCommand → the command (lib/tags/commands.ts) → revalidate the pages that show tags. */
async function run<T>(form: FormData, command: StaffCommand<T>, okCode: string): Promise<ActionState> {
  const { result } = await runStaffCommand(form, command);
  revalidatePath('/admin/accounts/[slug]/tags', 'page');
  revalidatePath('/admin/accounts/[slug]/followers', 'page');
  return actionState(result, okCode, 'invalid');
}

export async function createTag(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, createTagCommand, 'created');
}

export async function updateTag(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, updateTagCommand, 'saved');
}

export async function deleteTag(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, deleteTagCommand, 'deleted');
}
