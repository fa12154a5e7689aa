'use server';

import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { createGapRuleCommand } from '@/lib/service/gaps';

export interface GapRuleState extends ActionState {
  wouldAnswer?: number;
  values?: { keyword: string; reply: string };
}

/** A group of the gap report becomes a keyword rule (lib/service/gaps.ts). */
export async function createGapRule(_: GapRuleState, form: FormData): Promise<GapRuleState> {
  const { result, input } = await runStaffCommand(form, createGapRuleCommand);
  // No revalidation: the group leaves the report once its rule exists, and the confirmation
  // (with the count) must stay where the editor clicked. A reload shows the report without it.
  if (result.ok) return { ...actionState(result, 'created'), wouldAnswer: result.data.wouldAnswer };
  return { ...actionState(result, 'created', 'invalid'), values: { keyword: String(input.keyword ?? ''), reply: String(input.reply ?? '') } };
}
