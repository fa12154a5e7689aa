'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import {
  createReplyRuleCommand,
  deleteReplyRuleCommand,
  testReplyRulesCommand,
  toggleReplyRuleCommand,
  updateReplyRuleCommand,
  type ReplyTestAnswer,
} from '@/lib/auto-reply/rule-commands';

/**
 * The rule editor's actions: runStaffCommand (session) → the command (gate on the rule's own
 * account, strict zod, effect, audit; lib/auto-reply/rule-commands.ts) → 404 for another tenant.
 * `slug` comes from the URL the form was rendered for and is used only to revalidate and
 * redirect; the command never trusts it for a rule's account.
 */
function pathOf(form: FormData): string {
  const slug = String(form.get('$slug') ?? form.get('account') ?? '');
  return `/admin/accounts/${encodeURIComponent(slug)}/replies`;
}

export async function createRule(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, createReplyRuleCommand);
  if (result.ok) {
    revalidatePath(pathOf(form));
    redirect(`${pathOf(form)}?saved=${result.data.id}`);
  }
  return actionState(result, 'saved', 'invalid');
}

export async function updateRule(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, updateReplyRuleCommand);
  if (result.ok) revalidatePath(pathOf(form));
  return actionState(result, 'saved', 'invalid');
}

export async function toggleRule(form: FormData): Promise<void> {
  await runStaffCommand(form, toggleReplyRuleCommand);
  revalidatePath(pathOf(form));
}

export async function deleteRule(form: FormData): Promise<void> {
  const { result } = await runStaffCommand(form, deleteReplyRuleCommand);
  if (result.ok) revalidatePath(pathOf(form));
}

export type TestBoxState = ActionState & { answer?: ReplyTestAnswer };

export async function testRules(_: TestBoxState, form: FormData): Promise<TestBoxState> {
  const { result } = await runStaffCommand(form, testReplyRulesCommand);
  return { ...actionState(result, 'tested', 'invalid'), ...(result.ok ? { answer: result.data } : {}) };
}
