'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { revealPiiCommand } from '@/lib/privacy/shield';
import { applyMacroCommand } from '@/lib/service/macros';

/** A macro in one click (lib/service/macros.ts): all its steps or none. */
export async function applyMacro(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, applyMacroCommand);
  revalidatePath(`/admin/inbox/${String(input.conversationId)}`);
  revalidatePath('/admin/inbox');
  const state = actionState(result, 'applied');
  return result.ok ? state : { ...state, code: 'refused' };
}

export interface RevealState extends ActionState {
  text?: string;
}

/** One citizen message as written, for a role that sees it masked; the reason is audited (lib/privacy/shield.ts). */
export async function revealPii(_: RevealState, form: FormData): Promise<RevealState> {
  const { result } = await runStaffCommand(form, revealPiiCommand);
  return result.ok ? { ok: true, text: result.data.text, at: Date.now() } : actionState(result, 'revealed');
}
