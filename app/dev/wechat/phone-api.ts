import type { PhoneAction, PhoneConversation, PhoneMessage } from '@/lib/wechat/simulator/phone';

/** The browser's side of the dev routes. */

export interface SendAnswer {
  status: number | null;
  attempts: number;
  failure: 'unavailable' | 'bad_reply' | null;
  shown: PhoneMessage | null;
}

export async function sendAction(account: string, openid: string, action: PhoneAction): Promise<SendAnswer> {
  const response = await fetch('/dev/wechat/api/send', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, openid, action }),
  });
  if (!response.ok) throw new Error(`send failed: ${response.status}`);
  return (await response.json()) as SendAnswer;
}

export async function fetchTimeline(account: string, openid: string, after?: number, signal?: AbortSignal): Promise<PhoneConversation> {
  const query = new URLSearchParams({ account, openid });
  if (after !== undefined) query.set('after', String(after));
  const response = await fetch(`/dev/wechat/api/timeline?${query}`, { cache: 'no-store', signal });
  if (!response.ok) throw new Error(`timeline failed: ${response.status}`);
  return (await response.json()) as PhoneConversation;
}
