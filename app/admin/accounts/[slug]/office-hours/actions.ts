'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { addCalendarDayCommand, removeCalendarDayCommand, saveOfficeHoursCommand } from '@/lib/service/office-hours';

/** The form's answer and, on an error, what was typed (so the form shows it again). */
export type OfficeHoursState = ActionState & { values?: Record<string, string> };

/** runStaffCommand (session) → the command (gate on the slug's account for service.hours.edit, strict zod, audit) → revalidate. */
async function run(form: FormData, command: typeof saveOfficeHoursCommand, okCode: string): Promise<OfficeHoursState> {
  const { result, input } = await runStaffCommand(form, command);
  if (result.ok) revalidatePath(`/admin/accounts/${String(input.account)}/office-hours`);
  const state = actionState(result, okCode, 'invalid');
  return result.ok ? state : { ...state, values: Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)])) };
}

export async function saveOfficeHours(_: OfficeHoursState, form: FormData): Promise<OfficeHoursState> {
  return run(form, saveOfficeHoursCommand, 'saved');
}

export async function addCalendarDay(_: OfficeHoursState, form: FormData): Promise<OfficeHoursState> {
  return run(form, addCalendarDayCommand, 'added');
}

export async function removeCalendarDay(_: OfficeHoursState, form: FormData): Promise<OfficeHoursState> {
  return run(form, removeCalendarDayCommand, 'removed');
}
