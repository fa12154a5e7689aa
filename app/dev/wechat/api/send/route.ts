import { z } from 'zod';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { log } from '@/lib/log';
import { sendPhoneAction, simulatorBase } from '@/lib/wechat/simulator/phone';
import { loadPhoneAccount } from '@/lib/wechat/simulator/phone-accounts';
import { PhoneSendInput } from '@/lib/wechat/simulator/phone-input';
import { apiError, json, simulatorOff } from '../respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The citizen's phone does something: the server builds and signs the push with the account's
 * credentials (which never reach the browser) and delivers it to the webhook as WeChat would.
 */
export async function POST(request: Request): Promise<Response> {
  if (simulatorOff()) return apiError('not_found');
  // JSON only: a cross-site form cannot send it without a preflight, so another page cannot make
  // a demo citizen say things.
  if (!request.headers.get('content-type')?.startsWith('application/json')) return apiError('unsupported_media_type');
  const input = PhoneSendInput.safeParse(await request.json().catch(() => null));
  if (!input.success) return apiError('invalid_request', { issues: z.flattenError(input.error).fieldErrors });

  const account = await loadPhoneAccount({ db: await getDb(), slug: input.data.account });
  if (!account) return apiError('not_found');
  const config = env();
  const result = await sendPhoneAction({
    account,
    openid: input.data.openid,
    action: input.data.action,
    webhookBase: config.baseUrl,
    simBase: simulatorBase(config.wechatApiBase),
  });
  if (result.failure) log.warn('simulator.phone.failed', { account: account.slug, failure: result.failure, status: result.status, attempts: result.attempts });
  return json({
    status: result.status,
    attempts: result.attempts,
    failure: result.failure,
    shown: result.shown,
    msgId: result.msgId,
    recorded: result.recorded,
  });
}
