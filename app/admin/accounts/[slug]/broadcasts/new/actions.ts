'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { createBroadcastCommand } from '@/lib/broadcasts/compose';

/** Saves a new draft (lib/broadcasts/compose.ts) and opens it, where the check and submit are. */
export async function createBroadcast(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, createBroadcastCommand);
  if (result.ok) {
    const base = `/admin/accounts/${String(input.account)}/broadcasts`;
    revalidatePath(base);
    redirect(`${base}/${result.data.id}`);
  }
  return actionState(result, 'saved', 'invalid');
}
