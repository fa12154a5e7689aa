import type { Db } from '../../db/client';
import type { WebhookAccount } from '../accounts/webhook-account';
import { ingestInbound, quarantinePayload } from '../inbox/ingest';
import { errorFields, log } from '../log';
import { WebhookError, WEBHOOK_ERRORS, type WebhookErrorCode } from '../wechat/errors';
import { MAX_BODY_BYTES, openInboundRequest, sealReply, verifyUrlRequest } from '../wechat/inbound';
import { renderReplyXml } from '../wechat/reply';

export interface WebhookDeps {
  db: () => Promise<Db>;
  findAccount: (db: Db, slug: string) => Promise<WebhookAccount | null>;
  /** Unix seconds; injectable for replay-window tests. */
  now?: () => number;
  /** How long a push may take before it is answered 503 (default WEBHOOK_DEADLINE_MS). */
  deadlineMs?: number;
}

/**
 * WeChat waits 5 seconds, then drops the connection and delivers again (docs/wechat-protocol.md
 * §4.1). A hanging database (a stalled connection, a lock held for long) must not make us answer
 * after it has given up: past this deadline the push is answered `503 try again`, which WeChat
 * retries. If the stalled write still completes later, the retry finds it stored and gets the
 * first delivery's reply; nothing is acknowledged that was not stored.
 */
export const WEBHOOK_DEADLINE_MS = 2_500;

/**
 * A push as the webhook needs it, taken from a bare node:http request by its one host,
 * lib/server/webhook-http.ts: no Fetch objects on the hot path.
 */
export interface WebhookInput {
  method: string;
  query: URLSearchParams;
  /** The Content-Length header as sent, if any. */
  declaredLength: string | null;
  /** The body as strict UTF-8; throws WebhookError `body_too_large` past `limit` bytes. */
  readBody(limit: number): Promise<string>;
}

export interface WebhookOutput {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
const XML = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-store' };

function plain(status: number, body: string): WebhookOutput {
  return { status, headers: TEXT, body };
}

function rejection(code: WebhookErrorCode): WebhookOutput {
  const { status, reason } = WEBHOOK_ERRORS[code];
  return code === 'method_not_allowed' ? { status, headers: { ...TEXT, allow: 'GET, POST' }, body: reason } : plain(status, reason);
}

/**
 * The WeChat webhook for one account: verify → decrypt → parse → store once → passive reply.
 * It never calls the WeChat API, so it answers well inside WeChat's 5-second limit; every
 * rejection is a fixed short reason (docs/wechat-protocol.md §10) and stores nothing.
 */
export async function answerWebhook(input: WebhookInput, slug: string, deps: WebhookDeps): Promise<WebhookOutput> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<WebhookOutput>((resolve) => {
    timer = setTimeout(() => {
      log.error('webhook.deadline_passed', { slug });
      resolve(rejection('unavailable'));
    }, deps.deadlineMs ?? WEBHOOK_DEADLINE_MS);
  });
  try {
    return await Promise.race([answerInTime(input, slug, deps), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function answerInTime(input: WebhookInput, slug: string, deps: WebhookDeps): Promise<WebhookOutput> {
  const method = input.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return rejection('method_not_allowed');
  const now = deps.now?.() ?? Math.floor(Date.now() / 1000);
  const query = input.query;
  let account: WebhookAccount | null = null;
  try {
    // The body size is judged on the declared length before touching the database.
    const declared = Number(input.declaredLength ?? '');
    if (method === 'POST' && declared > MAX_BODY_BYTES) return rejection('body_too_large');
    const db = await deps.db();
    account = await deps.findAccount(db, slug);
    if (!account) return rejection('unknown_account');
    const credentials = account.credentials;

    if (method === 'GET') {
      return plain(200, verifyUrlRequest({ credentials, query, now }));
    }

    const body = await input.readBody(MAX_BODY_BYTES);
    const opened = openInboundRequest({ credentials, query, body, now });
    if (!opened.ok) {
      // Authenticated, so it came from WeChat: a 4xx would only make it retry (docs/wechat-protocol.md §10).
      await quarantinePayload({ db, accountId: account.id, reason: opened.quarantine.code, payload: opened.quarantine.payload });
      log.warn('webhook.quarantined', { account: account.slug, reason: opened.quarantine.code });
      return plain(200, 'success');
    }
    const result = await ingestInbound({ db, account, message: opened.message });
    if (!result.reply) return plain(200, 'success');
    const message = opened.message;
    const isUserMessage = message.msgType !== 'event';
    const xml = renderReplyXml(result.reply, {
      toUser: message.fromUserName,
      fromUser: message.toUserName,
      createTime: now,
      maxArticles: isUserMessage ? 1 : 8,
    });
    return { status: 200, headers: XML, body: sealReply({ credentials, opened, xml, now }) };
  } catch (error) {
    if (error instanceof WebhookError) {
      if (error.status >= 500) log.error('webhook.unavailable', { slug });
      else log.info('webhook.rejected', { slug, reason: error.code });
      return rejection(error.code);
    }
    // Anything else is the database or a bug: never acknowledge what was not stored, so
    // WeChat delivers the message again (docs/wechat-protocol.md §10, "database unavailable").
    log.error('webhook.failed', { slug, account: account?.slug, ...errorFields(error) });
    return rejection('unavailable');
  }
}
