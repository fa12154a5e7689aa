import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import type { CommandContext, CommandResult, StaffCommand } from '@/lib/auth/staff-command';

export interface ActionState {
  ok?: boolean;
  /** A stable code the form turns into copy (e.g. `queued`, `another_open`). */
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Bumped on every answer, so a form can tell two identical answers apart. */
  at?: number;
}

/** What runStaffCommand hands back: the command's answer (never "not found": that became a 404) and the fields. */
export interface StaffCommandAnswer<T> {
  result: Exclude<CommandResult<T>, { notFound: true }>;
  input: Record<string, FormDataEntryValue>;
}

/**
 * The one wrapper every admin server action goes through (tests/unit/auth/permissions.test.ts
 * checks every actions.ts under app/): who is calling (session), the client address for the audit,
 * the form as plain fields (without React's $ACTION_* ones, since the schemas are strict), then
 * the command — which only exists built by `staffCommand`, so it carries the action the
 * permission table checks (lib/auth/permissions.ts) — and a 404 when the record belongs to
 * another tenant or the role is not allowed. `extra` is what a command needs beyond the
 * context (the WeChat API configuration).
 */
export async function runStaffCommand<T, C extends CommandContext = CommandContext>(
  form: FormData | null,
  command: StaffCommand<T, C>,
  ...extra: CommandContext extends C ? [] : [Omit<C, keyof CommandContext>]
): Promise<StaffCommandAnswer<T>> {
  const staff = await requireStaff();
  const ip = clientIpFrom(await headers());
  const input = Object.fromEntries([...(form?.entries() ?? [])].filter(([k]) => !k.startsWith('$')));
  const result = await command({ ...extra[0], db: await getDb(), staff, input, ip } as C);
  if (!result.ok && 'notFound' in result) notFound();
  return { result: result as Exclude<CommandResult<T>, { notFound: true }>, input };
}

/** The form state for a command's answer; `okCode` names the success the form shows. */
export function actionState<T>(result: Exclude<CommandResult<T>, { notFound: true }>, okCode: string, invalidCode?: string): ActionState {
  if (result.ok) return { ok: true, code: okCode, at: Date.now() };
  if ('fieldErrors' in result) return { ok: false, ...(invalidCode ? { code: invalidCode } : {}), fieldErrors: result.fieldErrors, at: Date.now() };
  return { ok: false, code: result.error, at: Date.now() };
}
