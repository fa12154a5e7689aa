'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState, type StaffCommandAnswer } from '@/app/admin/run-command';
import type { StaffCommand } from '@/lib/auth/staff-command';
import { mergeCommand, noteCommand, panelCommand, referCommand, replyCommand, resendCommand, tagCommand, untagCommand } from '@/lib/inbox/commands';
import { apiConfigFromEnv } from '@/lib/wechat/api/config';

export type { ActionState } from '@/app/admin/run-command';

/**
 * Every inbox action: runStaffCommand (session) → the command (tenant gate on the conversation's own account,
 * zod, effect, audit; lib/inbox/commands.ts) → 404 for another tenant → revalidate.
 */
async function run<T>(form: FormData, command: StaffCommand<T>, okCode: (data: T) => string = () => 'saved'): Promise<ActionState> {
  return answer(await runStaffCommand(form, command), okCode);
}

function answer<T>({ result, input }: StaffCommandAnswer<T>, okCode: (data: T) => string): ActionState {
  revalidatePath(`/admin/inbox/${String(input.conversationId)}`);
  revalidatePath('/admin/inbox');
  return actionState(result, result.ok ? okCode(result.data) : '');
}

export async function sendReply(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, replyCommand, (data) => data.state);
}

/** The side panel's one save: remark, status and assignee (lib/inbox/commands.ts panelCommand). */
export async function saveConversationPanel(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, panelCommand);
}

export async function addFollowerTag(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, tagCommand);
}

export async function removeFollowerTag(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, untagCommand);
}

export async function addNote(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, noteCommand);
}

export async function resendReply(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, resendCommand);
}

export async function mergeWaiting(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, mergeCommand);
}

export async function referConversationAction(_: ActionState, form: FormData): Promise<ActionState> {
  return answer(await runStaffCommand(form, referCommand, { config: apiConfigFromEnv() }), () => 'referred');
}
