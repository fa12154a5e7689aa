'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import {
  cancelEventCommand,
  createEventCommand,
  outcomeEventCommand,
  postponeEventCommand,
  publishEventCommand,
  thankAttendeesCommand,
  updateEventCommand,
  type EventCommandResult,
} from '@/lib/events/admin-commands';
import { apiConfigFromEnv } from '@/lib/wechat/api/config';

export interface EventActionState {
  ok?: boolean;
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  at?: number;
}

type Command = (ctx: { db: Awaited<ReturnType<typeof getDb>>; staff: Awaited<ReturnType<typeof requireStaff>>; input: unknown; ip: string | null }) => Promise<EventCommandResult<unknown>>;

/**
 * Every events action: session → the command (gate on the event's own account with the editor
 * role, strict zod, effect, audit; lib/events/admin-commands.ts) → 404 for another tenant →
 * revalidate the admin page and the public pages that show the event.
 */
async function run(form: FormData, command: Command, okCode: string): Promise<EventActionState & { data?: unknown }> {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  const input = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')));
  const result = await command({ db: await getDb(), staff, input, ip });
  if (!result.ok && 'notFound' in result) notFound();
  const id = String(input.eventId ?? '');
  if (id) revalidatePath(`/admin/events/${id}`);
  revalidatePath('/admin/events');
  revalidatePath('/events');
  if (id) revalidatePath(`/events/${id}`);
  if (result.ok) return { ok: true, code: okCode, at: Date.now(), data: result.data };
  if ('fieldErrors' in result) return { ok: false, code: 'invalid', fieldErrors: result.fieldErrors, at: Date.now() };
  return { ok: false, code: result.error, at: Date.now() };
}

export async function createEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const state = await run(form, createEventCommand, 'created');
  if (state.ok) redirect(`/admin/events/${(state.data as { id: number }).id}`);
  return state;
}

export async function updateEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, updateEventCommand, 'saved');
  return state;
}

export async function publishEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, (ctx) => publishEventCommand({ ...ctx, config: apiConfigFromEnv() }), 'published');
  return state;
}

export async function postponeEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, postponeEventCommand, 'postponed');
  return state;
}

export async function cancelEvent(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, cancelEventCommand, 'cancelled');
  return state;
}

export async function publishOutcome(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, outcomeEventCommand, 'saved');
  return state;
}

export async function thankAttendees(_: EventActionState, form: FormData): Promise<EventActionState> {
  const { data: _data, ...state } = await run(form, thankAttendeesCommand, 'thanked');
  return state;
}
