'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db';
import { runStaffCommand } from '@/app/admin/run-command';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { acceptAsNewUser, acceptInvitationCommand, type AcceptResult } from '@/lib/staff/accept';

/**
 * The invite page's two actions (lib/staff/accept.ts). A newcomer has no session, so theirs is
 * not a staff command: the token, throttling and the single-use claim are the gate. Someone
 * already signed in goes through runStaffCommand (a `self` action about that user). Neither
 * answer carries the password back.
 */
export interface AcceptState {
  ok?: boolean;
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** On success: where the user works now, and the email they sign in with. */
  email?: string;
  next?: string;
  /** What was typed (the name only; never a password), given back on an error. */
  name?: string;
  at?: number;
}

function answer(result: AcceptResult | Exclude<AcceptResult, { notFound: true }>, name?: string): AcceptState {
  const at = Date.now();
  if (result.ok) return { ok: true, email: result.data.email, next: result.data.accountSlug ? `/admin/accounts/${result.data.accountSlug}` : '/admin', at };
  if ('fieldErrors' in result) return { ok: false, fieldErrors: result.fieldErrors, name, at };
  if ('error' in result) return { ok: false, code: result.error, name, at };
  return { ok: false, code: 'unknown', at };
}

export async function acceptAsNewUserAction(_: AcceptState, form: FormData): Promise<AcceptState> {
  const input = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')));
  const ip = clientIpFrom(await headers());
  const result = await acceptAsNewUser({ db: await getDb(), input, ip });
  return answer(result, typeof input.name === 'string' ? input.name.slice(0, 100) : undefined);
}

export async function acceptSignedInAction(_: AcceptState, form: FormData): Promise<AcceptState> {
  const { result } = await runStaffCommand(form, acceptInvitationCommand);
  return answer(result);
}
