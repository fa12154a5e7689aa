import { z } from 'zod';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { readConversation, simulatorBase, SimulatorUnavailable } from '@/lib/wechat/simulator/phone';
import { loadPhoneAccount } from '@/lib/wechat/simulator/phone-accounts';
import { PhoneTimelineQuery } from '@/lib/wechat/simulator/phone-input';
import { apiError, json, simulatorOff } from '../respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The phone's conversation with one account, after `after` (a seq) when polling. */
export async function GET(request: Request): Promise<Response> {
  if (simulatorOff()) return apiError('not_found');
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const input = PhoneTimelineQuery.safeParse(params);
  if (!input.success) return apiError('invalid_request', { issues: z.flattenError(input.error).fieldErrors });

  const account = await loadPhoneAccount({ db: await getDb(), slug: input.data.account });
  if (!account) return apiError('not_found');
  const simBase = simulatorBase(env().wechatApiBase);
  if (!simBase) return apiError('simulator_unavailable');
  try {
    const conversation = await readConversation({
      simBase,
      appId: account.appId,
      openid: input.data.openid,
      after: input.data.after,
    });
    return json(conversation);
  } catch (error) {
    if (error instanceof SimulatorUnavailable) return apiError('simulator_unavailable');
    throw error;
  }
}
