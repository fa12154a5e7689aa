'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { createMacroCommand, deleteMacroCommand, updateMacroCommand } from '@/lib/service/macros';

export interface MacroFormState extends ActionState {
  /** What was typed, so the form shows it again next to the errors. */
  values?: Record<string, string>;
}

function typed(input: Record<string, FormDataEntryValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

/** Creates a macro, or saves one when the form carries its id (lib/service/macros.ts). */
export async function saveMacro(_: MacroFormState, form: FormData): Promise<MacroFormState> {
  const editing = form.has('macroId');
  if (editing) form.delete('account');
  const { result, input } = await runStaffCommand(form, editing ? updateMacroCommand : createMacroCommand);
  revalidatePath('/admin/accounts/[slug]/macros', 'page');
  const state = actionState(result, editing ? 'saved' : 'created', 'invalid');
  return result.ok && !editing ? state : { ...state, values: typed(input) };
}

export async function deleteMacro(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, deleteMacroCommand);
  revalidatePath('/admin/accounts/[slug]/macros', 'page');
  return actionState(result, 'deleted');
}
