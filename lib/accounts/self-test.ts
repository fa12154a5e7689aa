import { randomBytes } from 'node:crypto';
import { composeInboundRequest, openPassiveReply, renderInboundXml } from '../wechat/compose';
import type { WebhookCredentials } from '../wechat/inbound';
import { computeSignature } from '../wechat/signature';

/**
 * The connection self-test (docs/admin.md "Connection self-test"): what WeChat does with an
 * account's server settings, done over real HTTP against the account's own public webhook URL,
 * then one call to the configured WeChat API.
 *
 * 1. `verify_url` — a signed URL-verification GET; the echostr must come back (WeChat's 「提交」).
 * 2. `push` — a signed push, encrypted per the message mode: a CLICK event with the reserved key
 *    SELF_TEST_EVENT_KEY from the reserved openid SELF_TEST_OPENID. A menu click opens no inquiry
 *    in the inbox (only citizens' messages do); it is stored as that openid's event like any
 *    other push. A passive reply, if a click rule answers it, must open with the same credentials.
 * 3. `access_token` — `stable_token` with the AppID and AppSecret, not cached: proves the secret.
 *
 * SSRF: the only hosts it calls are `webhookBase` (the portal's own public origin, lib/env
 * baseUrl) and `apiBase` (lib/env wechatApiBase); the caller passes those from configuration,
 * never from a form, the slug is a validated path segment, and redirects are not followed.
 */
export const SELF_TEST_OPENID = 'wegov-self-test';
export const SELF_TEST_EVENT_KEY = '__WEGOV_SELF_TEST__';

export type SelfTestStep = 'verify_url' | 'push' | 'access_token';

/** Why a step failed, as a stable code the page turns into plain words (accountsAdmin.selfTest.cause.*). */
export type SelfTestCause =
  | 'unreachable'
  | 'not_found'
  | 'signature_rejected'
  | 'stale_timestamp'
  | 'cannot_decrypt'
  | 'wrong_appid'
  | 'wrong_account'
  | 'encryption_required'
  | 'unavailable'
  | 'echostr_mismatch'
  | 'bad_reply'
  | 'unexpected_status'
  | 'missing_credentials'
  | 'invalid_app_id'
  | 'invalid_app_secret'
  | 'ip_not_whitelisted'
  | 'wechat_error';

export interface SelfTestStepResult {
  step: SelfTestStep;
  ok: boolean;
  cause?: SelfTestCause;
  /** HTTP status, or WeChat's errcode for `access_token`; never a secret. */
  detail?: number;
}

export interface SelfTestReport {
  ok: boolean;
  steps: SelfTestStepResult[];
}

export interface SelfTestArgs {
  slug: string;
  credentials: WebhookCredentials;
  appSecret: string | null;
  webhookBase: string;
  apiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/** The webhook's fixed refusal texts (lib/wechat/errors.ts) → what they say about the settings. */
const REFUSALS: Record<string, SelfTestCause> = {
  'unknown account': 'not_found',
  'invalid signature': 'signature_rejected',
  'stale timestamp': 'stale_timestamp',
  'cannot decrypt': 'cannot_decrypt',
  'wrong appid': 'wrong_appid',
  'wrong account': 'wrong_account',
  'encryption required': 'encryption_required',
  'try again': 'unavailable',
};

export async function runSelfTest(args: SelfTestArgs): Promise<SelfTestReport> {
  const steps: SelfTestStepResult[] = [];
  const webhook = `${args.webhookBase.replace(/\/+$/, '')}/api/wechat/${encodeURIComponent(args.slug)}`;
  steps.push(await verifyUrl(args, webhook));
  // The push needs the URL to be ours; after a failed verification it would only fail the same way.
  steps.push(steps[0]!.ok ? await push(args, webhook) : { step: 'push', ok: false, cause: steps[0]!.cause });
  steps.push(await fetchAccessToken(args));
  return { ok: steps.every((s) => s.ok), steps };
}

async function request(args: SelfTestArgs, url: string, init: RequestInit): Promise<{ status: number; text: string } | null> {
  try {
    const response = await (args.fetch ?? fetch)(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(args.timeoutMs ?? 5_000) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

function refusal(step: SelfTestStep, answer: { status: number; text: string }): SelfTestStepResult {
  return { step, ok: false, cause: REFUSALS[answer.text.trim()] ?? 'unexpected_status', detail: answer.status };
}

function nonceAndTime(args: SelfTestArgs) {
  return { timestamp: String(Math.floor((args.now?.() ?? Date.now()) / 1000)), nonce: String(randomBytes(4).readUInt32BE()) };
}

async function verifyUrl(args: SelfTestArgs, webhook: string): Promise<SelfTestStepResult> {
  const { timestamp, nonce } = nonceAndTime(args);
  const echostr = randomBytes(9).toString('hex');
  const query = new URLSearchParams({ signature: computeSignature([args.credentials.token, timestamp, nonce]), timestamp, nonce, echostr });
  const answer = await request(args, `${webhook}?${query}`, { method: 'GET' });
  if (!answer) return { step: 'verify_url', ok: false, cause: 'unreachable' };
  if (answer.status !== 200) return refusal('verify_url', answer);
  return answer.text === echostr ? { step: 'verify_url', ok: true } : { step: 'verify_url', ok: false, cause: 'echostr_mismatch', detail: 200 };
}

async function push(args: SelfTestArgs, webhook: string): Promise<SelfTestStepResult> {
  const { credentials } = args;
  const { timestamp, nonce } = nonceAndTime(args);
  const xml = renderInboundXml({
    ToUserName: credentials.originalId ?? '',
    FromUserName: SELF_TEST_OPENID,
    CreateTime: Number(timestamp),
    MsgType: 'event',
    Event: 'CLICK',
    EventKey: SELF_TEST_EVENT_KEY,
  });
  const encrypt = credentials.mode !== 'plaintext';
  if (encrypt && credentials.encodingAesKeys.length === 0) return { step: 'push', ok: false, cause: 'missing_credentials' };
  const { query, body } = composeInboundRequest({ credentials, xml, encrypt, timestamp, nonce, openid: SELF_TEST_OPENID });
  const answer = await request(args, `${webhook}?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  if (!answer) return { step: 'push', ok: false, cause: 'unreachable' };
  if (answer.status !== 200) return refusal('push', answer);
  try {
    openPassiveReply({ credentials, body: answer.text });
  } catch {
    return { step: 'push', ok: false, cause: 'bad_reply', detail: 200 };
  }
  return { step: 'push', ok: true };
}

/** WeChat's errcodes for a bad AppID/AppSecret pair or a server not on the IP whitelist. */
const TOKEN_ERRORS: Record<number, SelfTestCause> = {
  40001: 'invalid_app_secret',
  40125: 'invalid_app_secret',
  40013: 'invalid_app_id',
  40164: 'ip_not_whitelisted',
  61004: 'ip_not_whitelisted',
};

async function fetchAccessToken(args: SelfTestArgs): Promise<SelfTestStepResult> {
  if (!args.appSecret) return { step: 'access_token', ok: false, cause: 'missing_credentials' };
  const url = `${args.apiBase.replace(/\/+$/, '')}/cgi-bin/stable_token`;
  const answer = await request(args, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: args.credentials.appId, secret: args.appSecret, force_refresh: false }),
  });
  if (!answer) return { step: 'access_token', ok: false, cause: 'unreachable' };
  let json: { access_token?: unknown; errcode?: unknown } = {};
  try {
    json = JSON.parse(answer.text) as typeof json;
  } catch {
    return { step: 'access_token', ok: false, cause: 'unexpected_status', detail: answer.status };
  }
  if (typeof json.access_token === 'string' && json.access_token) return { step: 'access_token', ok: true };
  const errcode = typeof json.errcode === 'number' ? json.errcode : answer.status;
  return { step: 'access_token', ok: false, cause: TOKEN_ERRORS[errcode] ?? 'wechat_error', detail: errcode };
}
