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

/** What a mass send or preview carries (docs/wechat-protocol.md §6.3). */
export type MassMessage = { msgtype: 'text'; text: { content: string } } | { msgtype: 'mpnews'; mpnews: { media_id: string } } | { msgtype: 'image'; image: { media_id: string } };

/** One article for draft/add. */
export interface DraftArticleInput {
  title: string;
  author?: string;
  digest?: string;
  content: string;
  content_source_url?: string;
  thumb_media_id?: string;
}

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
        answer,
      });
    }
  }

  /** `POST /cgi-bin/message/custom/send` — within the 48 h window, 5 per citizen message. */
  async sendCustomMessage(openid: string, message: CustomMessage): Promise<void> {
    await this.call({ method: 'POST', path: '/cgi-bin/message/custom/send', body: { touser: openid, ...message } });
  }

  /**
   * `mass/sendall` (all, or one WeChat tag) or `mass/send` (openids), with the clientmsgid fixed
   * when the send was committed: a repeat is refused by WeChat with 45065 and the first msg_id,
   * which this returns as the send's own (docs/wechat-protocol.md §6.3).
   */
  async massSend(args: { audience: { kind: 'all' } | { kind: 'tag'; wechatTagId: number } | { kind: 'openids'; openids: string[] }; message: MassMessage; clientMsgId: string }): Promise<{ msgId: string; repeated: boolean }> {
    const { audience } = args;
    const path = audience.kind === 'openids' ? '/cgi-bin/message/mass/send' : '/cgi-bin/message/mass/sendall';
    const target =
      audience.kind === 'openids' ? { touser: audience.openids } : { filter: audience.kind === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: audience.wechatTagId } };
    try {
      const answer = await this.call({ method: 'POST', path, body: { ...target, ...args.message, send_ignore_reprint: 0, clientmsgid: args.clientMsgId } });
      return { msgId: String(answer.msg_id), repeated: false };
    } catch (error) {
      const first = error instanceof WechatApiCallError && error.errcode === 45065 ? error.answer?.msg_id : undefined;
      if (first !== undefined && first !== null) return { msgId: String(first), repeated: true };
      throw error;
    }
  }

  /** `mass/preview` to one follower: no quota spent. */
  async massPreview(openid: string, message: MassMessage): Promise<void> {
    await this.call({ method: 'POST', path: '/cgi-bin/message/mass/preview', body: { touser: openid, ...message } });
  }

  /** `draft/add`: news articles into the draft box; the media_id mpnews sends and freepublish take. */
  async addDraft(articles: DraftArticleInput[]): Promise<string> {
    const answer = await this.call({ method: 'POST', path: '/cgi-bin/draft/add', body: { articles } });
    if (typeof answer.media_id !== 'string') throw new WechatApiCallError({ kind: 'transient', errcode: null, message: 'draft/add answer without media_id' });
    return answer.media_id;
  }

  /** `freepublish/submit`: publish a draft to the article list without a push; PUBLISHJOBFINISH follows. */
  async submitPublish(mediaId: string): Promise<string> {
    const answer = await this.call({ method: 'POST', path: '/cgi-bin/freepublish/submit', body: { media_id: mediaId } });
    if (answer.publish_id === undefined || answer.publish_id === null) {
      throw new WechatApiCallError({ kind: 'transient', errcode: null, message: 'freepublish/submit answer without publish_id' });
    }
    return String(answer.publish_id);
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
