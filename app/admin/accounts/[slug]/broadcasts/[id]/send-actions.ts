'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type StaffCommandAnswer } from '@/app/admin/run-command';
import type { DeliveryFormState } from '@/lib/broadcasts/form-state';
import { publishBroadcastCommand } from '@/lib/broadcasts/publish';
import { cancelBroadcastCommand, previewBroadcastCommand, sendBroadcastCommand } from '@/lib/broadcasts/schedule';

/**
 * The send panel's actions: runStaffCommand (session, 404 for another tenant's broadcast) → the
 * command in lib/broadcasts (gate on the broadcast's own account, strict zod, effect, audit) →
 * revalidate the broadcast, the planner and the public account page.
 */
function answer<T>({ result, input }: StaffCommandAnswer<T>, okCode: string): DeliveryFormState {
  const slug = String(input.slug ?? '');
  const id = String(input.broadcastId ?? '');
  if (slug) {
    revalidatePath(`/admin/accounts/${slug}/broadcasts/${id}`);
    revalidatePath(`/admin/accounts/${slug}/broadcasts/planner`);
    revalidatePath(`/accounts/${slug}`);
  }
  const state: DeliveryFormState = actionState(result, okCode, 'invalid');
  if (!result.ok) state.values = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  return state;
}

/** The slug only names the page to refresh; the commands are strict, so it is taken off the form. */
function withoutSlug(form: FormData): FormData {
  const out = new FormData();
  for (const [k, v] of form.entries()) if (k !== 'slug') out.append(k, v);
  return out;
}

async function run<T>(form: FormData, command: Parameters<typeof runStaffCommand<T>>[1], okCode: string): Promise<DeliveryFormState> {
  const slug = form.get('slug');
  const answered = await runStaffCommand(withoutSlug(form), command);
  return answer({ ...answered, input: { ...answered.input, slug: typeof slug === 'string' ? slug : '' } }, okCode);
}

export async function sendBroadcast(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return run(form, sendBroadcastCommand, 'sent');
}

export async function cancelBroadcast(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return run(form, cancelBroadcastCommand, 'cancelled');
}

export async function previewBroadcast(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return run(form, previewBroadcastCommand, 'previewed');
}

export async function publishBroadcast(_: DeliveryFormState, form: FormData): Promise<DeliveryFormState> {
  return run(form, publishBroadcastCommand, 'published');
}
