import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import type { CommandContext, CommandResult } from '@/lib/auth/staff-command';

export interface ActionState {
  ok?: boolean;
  /** A stable code the form turns into copy (e.g. `queued`, `another_open`). */
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Bumped on every answer, so a form can tell two identical answers apart. */
  at?: number;
}

/**
 * What every admin server action does before and after its command: who is calling (session),
 * the client address for the audit, the form as plain fields (without React's $ACTION_* ones,
 * since the schemas are strict), and a 404 when the record belongs to another tenant.
 */
export async function runStaffCommand<T>(
  form: FormData,
  command: (ctx: CommandContext) => Promise<CommandResult<T>>,
): Promise<{ result: Exclude<CommandResult<T>, { notFound: true }>; input: Record<string, FormDataEntryValue> }> {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  const input = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')));
  const result = await command({ db: await getDb(), staff, input, ip });
  if (!result.ok && 'notFound' in result) notFound();
  return { result: result as Exclude<CommandResult<T>, { notFound: true }>, input };
}

/** The form state for a command's answer; `okCode` names the success the form shows. */
export function actionState<T>(result: Exclude<CommandResult<T>, { notFound: true }>, okCode: string, invalidCode?: string): ActionState {
  if (result.ok) return { ok: true, code: okCode, at: Date.now() };
  if ('fieldErrors' in result) return { ok: false, ...(invalidCode ? { code: invalidCode } : {}), fieldErrors: result.fieldErrors, at: Date.now() };
  return { ok: false, code: result.error, at: Date.now() };
}
