'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionState, runStaffCommand, type ActionState, type StaffCommandAnswer } from '@/app/admin/run-command';
import type { StaffCommand } from '@/lib/auth/staff-command';
import {
  cancelEventCommand,
  checkInRegistrationCommand,
  createEventCommand,
  outcomeEventCommand,
  postponeEventCommand,
  promoteRegistrationCommand,
  publishEventCommand,
  removeRegistrationCommand,
  thankAttendeesCommand,
  updateEventCommand,
} from '@/lib/events/admin-commands';
import { apiConfigFromEnv } from '@/lib/wechat/api/config';

export type EventActionState = ActionState;

/**
 * Every events action: runStaffCommand (session) → the command (gate on the event's own account
 * for its action, strict zod, effect, audit; lib/events/admin-commands.ts) → 404 for another tenant →
 * revalidate the admin page and the public pages that show the event.
 */
async function run<T>(form: FormData, command: StaffCommand<T>, okCode: string): Promise<{ state: ActionState; data?: T }> {
  return answer(await runStaffCommand(form, command), okCode);
}

function answer<T>({ result, input }: StaffCommandAnswer<T>, okCode: string): { state: ActionState; data?: T } {
  const id = String(input.eventId ?? '');
  if (id) revalidatePath(`/admin/events/${id}`);
  revalidatePath('/admin/events');
  revalidatePath('/events');
  if (id) revalidatePath(`/events/${id}`);
  return { state: actionState(result, okCode, 'invalid'), ...(result.ok ? { data: result.data } : {}) };
}

export async function createEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { state, data } = await run(form, createEventCommand, 'created');
  if (data) redirect(`/admin/events/${data.id}`);
  return state;
}

export async function updateEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, updateEventCommand, 'saved')).state;
}

export async function publishEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  return answer(await runStaffCommand(form, publishEventCommand, { config: apiConfigFromEnv() }), 'published').state;
}

export async function postponeEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, postponeEventCommand, 'postponed')).state;
}

export async function cancelEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, cancelEventCommand, 'cancelled')).state;
}

export async function publishOutcome(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, outcomeEventCommand, 'saved')).state;
}

export async function thankAttendees(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, thankAttendeesCommand, 'thanked')).state;
}

/** Desk actions on one roster row (lib/events/admin-commands.ts); a foreign id is a 404. */
export async function checkInRegistration(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, checkInRegistrationCommand, 'checked_in')).state;
}

export async function promoteRegistration(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, promoteRegistrationCommand, 'promoted')).state;
}

export async function removeRegistration(_: EventActionState, form: FormData): Promise<EventActionState> {
  return (await run(form, removeRegistrationCommand, 'removed')).state;
}
