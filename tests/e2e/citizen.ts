import { expect } from 'vitest';
import { demoAccounts } from '../../db/demo/accounts';
import { demoCredentials, nextMsgId, signedPush } from '../helpers/webhook';
import { baseUrl } from './browser';

/**
 * A citizen writes to a demo account of the running portal: the simulator learns of it (the
 * 48 h window opens) and the webhook receives the signed push, as from WeChat.
 */
export async function citizenSays(slug: string, openid: string, content: string): Promise<void> {
  const appId = demoAccounts.find((a) => a.slug === slug)!.appId;
  const credentials = demoCredentials(slug);
  const at = Date.now();
  const told = await fetch(`${baseUrl()}/__wechat-sim/__sim/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appId, openid, kind: 'message', at }),
  });
  expect(told.status).toBe(200);
  const fields = { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: Math.floor(at / 1000), MsgType: 'text', Content: content, MsgId: nextMsgId() };
  const push = signedPush({ slug, credentials, fields });
  const response = await fetch(push.url.replace('http://localhost', baseUrl()), { method: 'POST', body: push.body, headers: { 'content-type': 'text/xml' } });
  expect(response.status).toBe(200);
}
