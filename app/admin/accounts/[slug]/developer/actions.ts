'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { updateCredentialsCommand } from '@/lib/accounts/commands';
import { selfTestCommand } from '@/lib/accounts/developer-settings';
import type { SelfTestReport } from '@/lib/accounts/self-test';
import { configuredSecretKeys } from '@/lib/crypto/credentials';
import { env } from '@/lib/env';

export interface SelfTestState extends ActionState {
  report?: SelfTestReport;
}

/**
 * Developer settings and the self-test. The secrets go from the form to the sealing command and
 * nowhere else: the answer carries a result code only, never a field's value. The self-test's
 * targets come from configuration (our public origin, the WeChat API base), never from the form.
 */
export async function updateCredentials(_: ActionState, form: FormData): Promise<ActionState> {
  const { result, input } = await runStaffCommand(form, updateCredentialsCommand, { keys: configuredSecretKeys() });
  if (result.ok) revalidatePath(`/admin/accounts/${String(input.slug)}/developer`);
  return actionState(result, 'saved', 'invalid');
}

export async function runSelfTest(_: SelfTestState, form: FormData): Promise<SelfTestState> {
  const config = env();
  const { result } = await runStaffCommand(form, selfTestCommand, { keys: configuredSecretKeys(), webhookBase: config.baseUrl, apiBase: config.wechatApiBase });
  return result.ok ? { ok: true, report: result.data, at: Date.now() } : { ok: false, code: 'error', at: Date.now() };
}
