'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type StaffCommandAnswer } from '@/app/admin/run-command';
import type { DeliveryFormState } from '@/lib/broadcasts/form-state';
import { addGuestCommand, removeGuestCommand } from '@/lib/broadcasts/guests';
import { setQuotaPolicyCommand } from '@/lib/broadcasts/quota';
import { setTrialModeCommand } from '@/lib/broadcasts/trial';

/**
 * The delivery page's actions: runStaffCommand → the command (gate on the named account for its
 * action, strict zod, effect, audit) → revalidate the delivery page and the planner.
 */
function answer<T>({ result, input }: StaffCommandAnswer<T>, okCode: string): DeliveryFormState {
  const slug = String(input.account ?? '');
  if (slug) {
    revalidatePath(`/admin/accounts/${slug}/broadcasts/delivery`);
    revalidatePath(`/admin/accounts/${slug}/broadcasts/planner`);
  }
  const state: DeliveryFormState = actionState(result, okCode, 'invalid');
  if (!result.ok) state.values = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  return state;
}

export async function setTrialMode(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return answer(await runStaffCommand(form, setTrialModeCommand), 'trial');
}

export async function addGuest(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return answer(await runStaffCommand(form, addGuestCommand), 'guestAdded');
}

export async function removeGuest(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return answer(await runStaffCommand(form, removeGuestCommand), 'guestRemoved');
}

export async function setQuotaPolicy(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return answer(await runStaffCommand(form, setQuotaPolicyCommand), 'policy');
}
