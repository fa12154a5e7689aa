'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState, type StaffCommandAnswer } from '@/app/admin/run-command';
import { updateReviewSettingsCommand } from '@/lib/broadcasts/review';
import { addWordingCommand, removeWordingCommand } from '@/lib/broadcasts/wording';

/** Review levels, allowed link hosts and the wording list (account admins; lib/broadcasts). */
function answer<T>({ result, input }: StaffCommandAnswer<T>, okCode: string): ActionState {
  revalidatePath(`/admin/accounts/${String(input.account)}/broadcasts/review-settings`);
  return actionState(result, okCode, 'invalid');
}

export async function saveReviewSettings(_: ActionState, form: FormData): Promise<ActionState> {
  return answer(await runStaffCommand(form, updateReviewSettingsCommand), 'settings_saved');
}

export async function addWording(_: ActionState, form: FormData): Promise<ActionState> {
  return answer(await runStaffCommand(form, addWordingCommand), 'word_added');
}

export async function removeWording(_: ActionState, form: FormData): Promise<ActionState> {
  return answer(await runStaffCommand(form, removeWordingCommand), 'word_removed');
}
