import { createHash } from 'node:crypto';
import type { AppData, Follower, MassJob, SimContext } from './app-data';
import { WechatApiError } from './errcodes';
import { requireKnownOpenid } from './followers';
import { MASS_MSGTYPES, readPayload } from './messages';
import { fansOf, requireTag } from './tags';
import { beijingDay, beijingMonth } from './time';

/** Mass-send rules, docs/wechat-protocol.md §6.3. */
export const CLIENTMSGID_MAX_BYTES = 64;
export const CLIENTMSGID_TTL_MS = 24 * 3600_000;
export const SUBSCRIPTION_MASS_PER_DAY = 1;
export const SERVICE_MASS_PER_USER_PER_MONTH = 4;
export const OPENID_LIST_MIN = 2;
export const OPENID_LIST_MAX = 10_000;

type Json = Record<string, unknown>;

export interface MassAccepted {
  msg_id: number;
  msg_data_id?: number;
}

function readClientMsgId(body: Json): string | undefined {
  const id = body.clientmsgid;
  if (id === undefined || id === '') return undefined;
  if (typeof id !== 'string') throw new WechatApiError(47001, 'clientmsgid must be a string');
  if (Buffer.byteLength(id, 'utf8') > CLIENTMSGID_MAX_BYTES) throw new WechatApiError(45067);
  return id;
}

/**
 * WeChat refuses a second send with the same id within 24 h and hands back the first msg_id,
 * which is what lets a sender that crashed mid-broadcast learn the batch already went (docs/reliability.md J9).
 */
function refuseReuse(app: AppData, key: string, now: number): void {
  const seen = app.mass.clientMsgIds.get(key);
  if (seen && now - seen.at < CLIENTMSGID_TTL_MS) {
    throw new WechatApiError(45065, undefined, { msg_id: seen.msgId });
  }
}

/** Without clientmsgid WeChat derives one from scope and content (§6.3). */
function derivedId(kind: string, audience: string, msgtype: string, payload: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify([kind, audience, msgtype, payload])).digest('hex');
  return `derived:${digest}`;
}

function audienceOf(app: AppData, kind: 'sendall' | 'send', body: Json): {
  audience: MassJob['audience'];
  scope: string;
  targeted: number;
  followers: Follower[];
} {
  if (kind === 'sendall') {
    const filter = body.filter;
    if (typeof filter !== 'object' || filter === null) throw new WechatApiError(47001, 'filter missing');
    const f = filter as Json;
    const isToAll = f.is_to_all === true;
    if (isToAll) {
      const all = [...app.followers.values()].filter((x) => x.subscribed);
      return { audience: { isToAll }, scope: 'all', targeted: all.length, followers: all };
    }
    const tagId = Number(f.tag_id);
    if (f.tag_id === undefined || f.tag_id === '' || !Number.isInteger(tagId)) {
      throw new WechatApiError(47001, 'tag_id required unless is_to_all');
    }
    requireTag(app, tagId);
    const fans = fansOf(app, tagId);
    return { audience: { isToAll, tagId }, scope: `tag:${tagId}`, targeted: fans.length, followers: fans };
  }
  const touser = body.touser;
  if (!Array.isArray(touser) || !touser.every((o) => typeof o === 'string')) {
    throw new WechatApiError(47001, 'touser must be a list of openids');
  }
  if (touser.length < OPENID_LIST_MIN || touser.length > OPENID_LIST_MAX) throw new WechatApiError(40130);
  const unique = [...new Set(touser as string[])];
  // Openids that are not (or no longer) followers are filtered out, not refused.
  const followers = unique.map((o) => app.followers.get(o)).filter((x): x is Follower => !!x?.subscribed);
  return {
    audience: { isToAll: false, openids: touser.length },
    scope: `openids:${unique.sort().join(',')}`,
    targeted: touser.length,
    followers,
  };
}

/**
 * `mass/sendall` (by tag or to all) and `mass/send` (openid list, verified 服务号 only — the
 * caller checks the permission). The job completes at once; its MASSSENDJOBFINISH figures are
 * kept on the job.
 */
export function massSend(ctx: SimContext, app: AppData, kind: 'sendall' | 'send', body: Json): MassAccepted {
  const now = ctx.now();
  const clientMsgId = readClientMsgId(body);
  if (clientMsgId) refuseReuse(app, clientMsgId, now);
  const { msgtype, payload } = readPayload(body, MASS_MSGTYPES);
  const { audience, scope, targeted, followers } = audienceOf(app, kind, body);
  const registryKey = clientMsgId ?? derivedId(kind, scope, msgtype, payload);
  if (!clientMsgId) refuseReuse(app, registryKey, now);

  const mediaId = typeof payload.media_id === 'string' ? payload.media_id : undefined;
  if (msgtype === 'mpnews' && mediaId && app.mass.consumedMedia.has(mediaId)) throw new WechatApiError(40007);

  const isService = app.reg.accountType === 'service';
  const day = beijingDay(now);
  if (app.mass.successes.day !== day) app.mass.successes = { day, count: 0 };
  // 订阅号: one successful group message per day, whatever the audience.
  if (!isService && app.mass.successes.count >= SUBSCRIPTION_MASS_PER_DAY) throw new WechatApiError(45028);

  // 服务号: each citizen receives at most 4 per calendar month; the rest are skipped, not refused.
  const month = beijingMonth(now);
  const eligible = followers.filter((f) => {
    if (f.massReceived.month !== month) f.massReceived = { month, count: 0 };
    return !isService || f.massReceived.count < SERVICE_MASS_PER_USER_PER_MONTH;
  });

  const msgId = ctx.nextMsgId();
  const msgDataId = msgtype === 'mpnews' ? ctx.nextMsgId() : undefined;
  for (const f of eligible) {
    f.massReceived.count += 1;
    ctx.deliver(app, f.openid, { via: 'mass', msgtype, payload, msgId });
  }
  const job: MassJob = {
    msgId,
    msgDataId,
    appId: app.reg.appId,
    at: now,
    kind,
    audience,
    msgtype,
    payload,
    clientMsgId,
    status: 'SEND_SUCCESS',
    totalCount: targeted,
    filterCount: eligible.length,
    sentCount: eligible.length,
    errorCount: 0,
    recipients: eligible.map((f) => f.openid),
  };
  app.mass.jobs.set(msgId, job);
  app.mass.clientMsgIds.set(registryKey, { msgId, at: now });
  app.mass.successes.count += 1;
  // After a to-all send the draft is deleted and its media_id stops working (§6.3).
  if (audience.isToAll && msgtype === 'mpnews' && mediaId) app.mass.consumedMedia.add(mediaId);
  ctx.massJobFinished(job);
  return msgDataId === undefined ? { msg_id: msgId } : { msg_id: msgId, msg_data_id: msgDataId };
}

/** `mass/preview`: one follower; no quota spent. WeChat IDs (`towxname`) are not simulated. */
export function massPreview(ctx: SimContext, app: AppData, body: Json): { msg_id: number } {
  if (body.towxname !== undefined) throw new WechatApiError(40132, 'the simulator knows no WeChat IDs; use touser');
  const follower = requireKnownOpenid(app, body.touser);
  if (!follower.subscribed) throw new WechatApiError(43004);
  const { msgtype, payload } = readPayload(body, MASS_MSGTYPES);
  const msgId = ctx.nextMsgId();
  ctx.deliver(app, follower.openid, { via: 'preview', msgtype, payload, msgId });
  return { msg_id: msgId };
}

function requireJob(app: AppData, msgId: unknown): MassJob {
  const job = app.mass.jobs.get(Number(msgId));
  if (!job) throw new WechatApiError(47003, 'msg_id not found');
  return job;
}

export function massStatus(app: AppData, msgId: unknown): { msg_id: number; msg_status: string } {
  const job = requireJob(app, msgId);
  return { msg_id: job.msgId, msg_status: job.status };
}

/** `mass/delete`: only mpnews/mpvideo can be withdrawn (§6.3); the citizen sees it marked deleted. */
export function massDelete(app: AppData, msgId: unknown, articleIdx: unknown): void {
  const job = requireJob(app, msgId);
  if (job.msgtype !== 'mpnews' && job.msgtype !== 'mpvideo') {
    throw new WechatApiError(47003, 'only mpnews and mpvideo can be deleted');
  }
  const idx = articleIdx === undefined ? 0 : Number(articleIdx);
  if (!Number.isInteger(idx) || idx < 0) throw new WechatApiError(47003, 'article_idx');
  // Guess: withdrawing one article of a multi-article message keeps the job's status.
  if (idx !== 0) return;
  job.status = 'DELETE';
  for (const openid of job.recipients) {
    for (const d of app.inbox.get(openid) ?? []) if (d.msgId === job.msgId) d.deleted = true;
  }
}
