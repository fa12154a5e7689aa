'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { closeFollowUpCommand } from '@/lib/service/follow-ups';

export type FollowUpState = ActionState & { outcome?: string };

/** runStaffCommand (session) → closeFollowUpCommand (gate on the task's own account, strict zod, audit) → revalidate. */
export async function closeFollowUp(_: FollowUpState, form: FormData): Promise<FollowUpState> {
  const { result, input } = await runStaffCommand(form, closeFollowUpCommand);
  const slug = String(input.slug ?? '');
  if (result.ok && /^[a-z0-9-]{1,100}$/.test(slug)) revalidatePath(`/admin/accounts/${slug}/follow-ups`);
  const state = actionState(result, 'closed', 'invalid');
  return result.ok ? state : { ...state, outcome: String(input.outcome ?? '') };
}
