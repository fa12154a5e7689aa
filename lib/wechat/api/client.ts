import { and, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { accounts, apiPauses } from '../../../db/schema';
import { openSecret, type KeyInput } from '../../crypto/secret-box';
import { WechatApiCallError, classifyErrcode } from './errors';
import { accessToken } from './token';
import { httpTransport, type Json, type WechatTransport } from './transport';

/** What custom/send accepts from us (docs/wechat-protocol.md §6.2); news carries one article since 2018-10. */
export type CustomMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'news'; news: { articles: [{ title: string; description?: string; url?: string; picurl?: string }] } };

export interface QrCodeResult {
  ticket: string;
  url: string;
  expireSeconds: number | null;
}

export interface WechatApiConfig {
  apiBase: string;
  /** Keys that open accounts.app_secret_encrypted: the current one, and during a rotation the previous (env().secretKeys). */
  secretKey: KeyInput;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Typed client for the WeChat APIs the product uses, for one account. Every outbound call goes
 * through `call`: paused APIs (45009) are refused locally, the token comes from the shared
 * cache, a stale token (40001/40014/42001) is refreshed once and the call retried once — never
 * a loop (docs/wechat-protocol.md §7) — and any non-zero errcode becomes a classified WechatApiCallError.
 */
export class WechatApi {
  constructor(
    private readonly db: Db,
    readonly accountId: string,
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly transport: WechatTransport,
  ) {}

  async call(req: { method: 'GET' | 'POST'; path: string; body?: Json; query?: Record<string, string> }): Promise<Json> {
    await this.refusePaused(req.path);
    const source = { accountId: this.accountId, appId: this.appId, appSecret: this.appSecret };
    let token = await accessToken({ db: this.db, source, transport: this.transport });
    for (let attempt = 0; ; attempt++) {
      const answer = await this.transport.request({ ...req, query: { ...req.query, access_token: token } });
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
      if (errcode === 0) return answer;
      const kind = classifyErrcode(errcode);
      if (kind === 'token' && attempt === 0) {
        token = await accessToken({ db: this.db, source, transport: this.transport, rejected: token });
        continue;
      }
      throw new WechatApiCallError({
        // A token still refused after one refresh is a configuration problem, not a retry case.
        kind: kind === 'token' ? 'permanent' : kind,
        errcode,
        message: String(answer.errmsg ?? '').slice(0, 200),
      });
    }
  }

  /** `POST /cgi-bin/message/custom/send` — within the 48 h window, 5 per citizen message. */
  async sendCustomMessage(openid: string, message: CustomMessage): Promise<void> {
    await this.call({ method: 'POST', path: '/cgi-bin/message/custom/send', body: { touser: openid, ...message } });
  }

  /** `POST /cgi-bin/qrcode/create` with a string scene; temporary codes live at most 30 days. */
  async createQrCode(args: { scene: string; expireSeconds?: number }): Promise<QrCodeResult> {
    const temporary = args.expireSeconds !== undefined;
    const answer = await this.call({
      method: 'POST',
      path: '/cgi-bin/qrcode/create',
      body: {
        ...(temporary ? { expire_seconds: args.expireSeconds } : {}),
        action_name: temporary ? 'QR_STR_SCENE' : 'QR_LIMIT_STR_SCENE',
        action_info: { scene: { scene_str: args.scene } },
      },
    });
    if (typeof answer.ticket !== 'string' || typeof answer.url !== 'string') {
      throw new WechatApiCallError({ kind: 'transient', errcode: null, message: 'qrcode/create answer without ticket' });
    }
    return { ticket: answer.ticket, url: answer.url, expireSeconds: typeof answer.expire_seconds === 'number' ? answer.expire_seconds : null };
  }

  private async refusePaused(path: string): Promise<void> {
    const [pause] = await this.db
      .select()
      .from(apiPauses)
      .where(and(eq(apiPauses.accountId, this.accountId), eq(apiPauses.path, path), gt(apiPauses.until, new Date())))
      .limit(1);
    if (pause) {
      throw new WechatApiCallError({ kind: 'quota', errcode: 45009, message: `paused until ${pause.until.toISOString()}`, reachedWechat: false });
    }
  }
}

/**
 * The client for one account, or a permanent error when it has no credentials (or they were
 * sealed with another key): staff then see "this account cannot send" instead of a retry loop.
 */
export async function wechatApiFor(args: { db: Db; accountId: string; config: WechatApiConfig }): Promise<WechatApi> {
  const [account] = await args.db
    .select({ id: accounts.id, appId: accounts.appId, sealed: accounts.appSecretEncrypted })
    .from(accounts)
    .where(eq(accounts.id, args.accountId))
    .limit(1);
  if (!account?.appId || !account.sealed) {
    throw new WechatApiCallError({ kind: 'permanent', errcode: null, message: 'account has no WeChat credentials', reachedWechat: false });
  }
  let secret: string;
  try {
    secret = openSecret(account.sealed, args.config.secretKey);
  } catch {
    throw new WechatApiCallError({ kind: 'permanent', errcode: null, message: 'account secret cannot be opened', reachedWechat: false });
  }
  const transport = httpTransport({ apiBase: args.config.apiBase, timeoutMs: args.config.timeoutMs, fetch: args.config.fetch });
  return new WechatApi(args.db, account.id, account.appId, secret, transport);
}

/** Marks an API of an account as paused until Beijing midnight after a 45009 (docs/reliability.md J6). */
export async function pauseApi(args: { db: Db; accountId: string; path: string; now?: Date; reason: string }): Promise<Date> {
  const until = nextBeijingMidnight(args.now ?? new Date());
  await args.db
    .insert(apiPauses)
    .values({ accountId: args.accountId, path: args.path, until, reason: args.reason.slice(0, 200) })
    .onConflictDoUpdate({ target: [apiPauses.accountId, apiPauses.path], set: { until, reason: args.reason.slice(0, 200) } });
  return until;
}

/** WeChat's daily quotas reset at midnight China Standard Time (UTC+8, no DST). */
export function nextBeijingMidnight(now: Date): Date {
  const offset = 8 * 3600_000;
  const local = now.getTime() + offset;
  const nextLocalMidnight = Math.floor(local / 86_400_000 + 1) * 86_400_000;
  return new Date(nextLocalMidnight - offset);
}
