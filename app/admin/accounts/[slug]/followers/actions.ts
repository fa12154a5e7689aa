'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { tagMembersCommand } from '@/lib/tags/commands';

/** Give or take a tag, for one follower or the ticked ones (lib/tags/commands.ts tagMembersCommand). */
export async function changeFollowerTags(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, tagMembersCommand);
  revalidatePath('/admin/accounts/[slug]/followers', 'page');
  revalidatePath('/admin/accounts/[slug]/tags', 'page');
  const state = actionState(result, input.mode === 'remove' ? 'remove' : 'add', 'invalid');
  return result.ok ? { ...state, code: `${state.code}:${result.data.changed}` } : state;
}
