'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import {
  assignCommand,
  mergeCommand,
  noteCommand,
  referCommand,
  replyCommand,
  resendCommand,
  statusCommand,
  tagCommand,
  untagCommand,
  type CommandResult,
} from '@/lib/inbox/commands';
import { apiConfigFromEnv } from '@/lib/wechat/api/config';

export interface ActionState {
  ok?: boolean;
  /** A stable code the form turns into copy (e.g. `queued`, `another_open`). */
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Bumped on every answer, so a form can tell two identical answers apart. */
  at?: number;
}

type Command = (ctx: { db: Awaited<ReturnType<typeof getDb>>; staff: Awaited<ReturnType<typeof requireStaff>>; input: unknown; ip: string | null }) => Promise<CommandResult<unknown>>;

/**
 * Every inbox action: session → the command (tenant gate on the conversation's own account,
 * zod, effect, audit; lib/inbox/commands.ts) → 404 for another tenant → revalidate.
 */
async function run(form: FormData, command: Command, okCode: (data: unknown) => string = () => 'saved'): Promise<ActionState> {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  // React adds its own $ACTION_* fields to progressively enhanced forms; the schemas are strict.
  const input = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')));
  const result = await command({ db: await getDb(), staff, input, ip });
  if (!result.ok && 'notFound' in result) notFound();
  revalidatePath(`/admin/inbox/${String(input.conversationId)}`);
  revalidatePath('/admin/inbox');
  if (result.ok) return { ok: true, code: okCode(result.data), at: Date.now() };
  if ('fieldErrors' in result) return { ok: false, fieldErrors: result.fieldErrors, at: Date.now() };
  return { ok: false, code: result.error, at: Date.now() };
}

export async function sendReply(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, replyCommand, (data) => (data as { state: string }).state);
}

export async function assignConversation(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, assignCommand);
}

export async function setConversationStatus(_: ActionState, form: FormData): Promise<ActionState> {
  return run(form, statusCommand);
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
  return run(form, (ctx) => referCommand({ ...ctx, config: apiConfigFromEnv() }), () => 'referred');
}
