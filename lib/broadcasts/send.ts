import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, broadcastReceipts, broadcasts, followers, type Broadcast } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { enqueueJob, type JobOutcome, type Tx } from '../jobs/outbox';
import type { JobHandler } from '../jobs/worker';
import { log } from '../log';
import { wechatApiFor, type DraftArticleInput, type MassMessage, type WechatApi, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { audienceMembers, targetOf } from './audience';
import { bodyBlocks, inlineParts } from './content';
import { shanghaiMonth } from '../time/shanghai';
import { releaseQuotaSlot } from './quota';
import { syncWechatTag } from './wechat-tag';

/**
 * Delivering a committed broadcast (docs/broadcasts.md "Sending"). The send was committed by
 * lib/broadcasts/schedule.ts — status `scheduled`, a quota slot spent, a clientmsgid fixed, one
 * outbox job due at the scheduled time. Here:
 * 1. `scheduled → sending` is committed before WeChat is called, together with the receipts of
 *    the followers it goes to (the per-follower monthly cap counts them).
 * 2. `mass/sendall` (all or a tag) or `mass/send` (openids) with that clientmsgid. A worker that
 *    dies after WeChat took the send but before it stored the answer leaves `sending`; the lease
 *    runs out, the job runs again with the same clientmsgid, WeChat refuses the repeat with 45065
 *    and hands back the first msg_id — so a retry never sends twice and still learns the msg id.
 * 3. WeChat's msg id is stored; MASSSENDJOBFINISH (lib/broadcasts/store-job-report.ts) later
 *    fills in the counts and `sent`/`failed`.
 * In trial mode nothing goes to the mass APIs: each guest in the target gets a `mass/preview`.
 */
export const BROADCAST_SEND_JOB = 'broadcast.send';
export const BROADCAST_PREVIEW_JOB = 'broadcast.preview';

interface SendPayload {
  broadcastId: number;
  /** Committed in trial mode: only guests may receive it, whatever the account says by now. */
  trial?: boolean;
}

interface NewsArticle {
  title?: unknown;
  author?: unknown;
  digest?: unknown;
  body?: unknown;
  content?: unknown;
  link?: unknown;
  thumbMediaId?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A news broadcast's articles as draft/add takes them; body text becomes paragraphs. */
export function draftArticlesOf(broadcast: Pick<Broadcast, 'title' | 'content'>): DraftArticleInput[] {
  const content = (broadcast.content ?? {}) as { articles?: NewsArticle[] };
  const articles = Array.isArray(content.articles) ? content.articles.slice(0, 8) : [];
  return articles.map((a) => ({
    title: str(a.title) ?? broadcast.title,
    author: str(a.author),
    digest: str(a.digest),
    content: articleHtml(str(a.body) ?? str(a.content) ?? ''),
    content_source_url: str(a.link),
    thumb_media_id: str(a.thumbMediaId),
  }));
}

const escapeHtml = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An article body (plain text, one paragraph a line, `![description](https://…)` lines for
 * pictures, `[words](https://…)` links: lib/broadcasts/content.ts) as the HTML draft/add takes,
 * every piece of text escaped.
 */
export function articleHtml(body: string): string {
  const html = bodyBlocks(body)
    .map((block) => {
      if (block.type === 'image') return `<p><img src="${escapeHtml(block.url)}" alt="${escapeHtml(block.alt)}"/></p>`;
      const parts = inlineParts(block.text).map((p) => (p.type === 'text' ? escapeHtml(p.text) : `<a href="${escapeHtml(p.href)}">${escapeHtml(p.text)}</a>`));
      return `<p>${parts.join('')}</p>`;
    })
    .join('');
  return html || '<p></p>';
}

/** The text of a text broadcast. */
function textOf(broadcast: Pick<Broadcast, 'content'>): string {
  const c = (broadcast.content ?? {}) as { text?: unknown; body?: unknown };
  return str(c.text) ?? str(c.body) ?? '';
}

/**
 * What WeChat receives for a broadcast. News needs WeChat media: its articles go to the draft
 * box first (draft/add), stored on the row so a retry or a later send reuses the same draft.
 */
export async function massMessageFor(args: { db: Db; api: WechatApi; broadcast: Broadcast }): Promise<MassMessage> {
  const { broadcast } = args;
  if (broadcast.msgType === 'news') {
    const mediaId = broadcast.draftMediaId ?? (await args.api.addDraft(draftArticlesOf(broadcast)));
    if (!broadcast.draftMediaId) await args.db.update(broadcasts).set({ draftMediaId: mediaId, updatedAt: new Date() }).where(eq(broadcasts.id, broadcast.id));
    return { msgtype: 'mpnews', mpnews: { media_id: mediaId } };
  }
  if (broadcast.msgType === 'image') {
    const mediaId = imageMediaIdOf(broadcast);
    // Refused when the send is committed (schedule.ts); kept here for a row changed since.
    if (!mediaId) throw new WechatApiCallError({ kind: 'permanent', errcode: null, message: 'image_not_uploaded', reachedWechat: false });
    return { msgtype: 'image', image: { media_id: mediaId } };
  }
  return { msgtype: 'text', text: { content: textOf(broadcast) } };
}

/**
 * A picture broadcast needs WeChat's media_id of the picture; uploading pictures to WeChat
 * (media/upload) is not built yet, so only one that carries a media id can be sent.
 */
export function imageMediaIdOf(broadcast: Pick<Broadcast, 'content'>): string | undefined {
  return str((broadcast.content as { mediaId?: unknown } | null)?.mediaId);
}

async function loadBroadcast(db: Db | Tx, id: number): Promise<Broadcast | undefined> {
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1);
  return row;
}

/** Marks the send failed with WeChat's word for it; a send WeChat refused spent no push, so its slot comes back. */
async function failSend(db: Db, broadcast: Broadcast, reason: string): Promise<JobOutcome> {
  await db.transaction(async (tx) => {
    await tx.update(broadcasts).set({ status: 'failed', reportStatus: reason.slice(0, 200), updatedAt: new Date() }).where(eq(broadcasts.id, broadcast.id));
    await releaseQuotaSlot({ db: tx, broadcastId: broadcast.id });
  });
  await recordAudit({ db, accountId: broadcast.accountId, action: 'broadcast.send_failed', entityType: 'broadcast', entityId: broadcast.id, detail: { reason } });
  return { status: 'failed', error: reason };
}

/**
 * Moves a scheduled broadcast to `sending` and writes its receipts, in one transaction; null
 * when it is no longer scheduled (cancelled meanwhile, or another worker took it).
 */
async function startSending(db: Db, id: number, trial: boolean): Promise<{ broadcast: Broadcast; recipients: Array<{ id: number; openid: string }> } | null> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(broadcasts)
      .set({ status: 'sending', updatedAt: new Date() })
      .where(and(eq(broadcasts.id, id), eq(broadcasts.status, 'scheduled')))
      .returning();
    if (!claimed) return null;
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, claimed.accountId)).limit(1);
    const now = new Date();
    const asTrial = trial || account!.trialMode;
    const recipients =
      claimed.targetKind === 'openids'
        ? await tx
            .select({ id: followers.id, openid: followers.openid })
            .from(followers)
            .where(and(eq(followers.accountId, claimed.accountId), eq(followers.subscribed, true), inArray(followers.openid, claimed.targetOpenids ?? [])))
        : await audienceMembers({ db: tx, account: account!, target: targetOf(claimed), at: now, trial: asTrial });
    const month = shanghaiMonth(now);
    if (!asTrial && recipients.length > 0) {
      for (let i = 0; i < recipients.length; i += 1000) {
        await tx
          .insert(broadcastReceipts)
          .values(recipients.slice(i, i + 1000).map((r) => ({ broadcastId: id, followerId: r.id, month })))
          .onConflictDoNothing();
      }
    }
    const [updated] = await tx
      .update(broadcasts)
      .set({ audienceCount: recipients.length, sentAt: now, ...(asTrial ? { reportStatus: 'trial' } : {}) })
      .where(eq(broadcasts.id, id))
      .returning();
    return { broadcast: updated!, recipients: asTrial ? recipients : [] };
  });
}

export function broadcastSendHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const payload = job.payload as SendPayload;
      const id = Number(payload.broadcastId);
      let broadcast = await loadBroadcast(db, id);
      if (!broadcast) return { status: 'done' };
      if (broadcast.status === 'scheduled') {
        const started = await startSending(db, id, payload.trial === true);
        if (!started) return { status: 'done' };
        broadcast = started.broadcast;
        if (started.broadcast.reportStatus === 'trial') return deliverToGuests(db, broadcast, started.recipients);
      } else if (broadcast.status !== 'sending' || broadcast.reportStatus === 'trial' || broadcast.wechatMsgId) {
        // Cancelled, already answered, or a trial send whose previews are queued: nothing to do.
        return { status: 'done' };
      }
      if (!broadcast.clientMsgId) return failSend(db, broadcast, 'no_client_msg_id');
      let api: WechatApi;
      try {
        api = await wechatApiFor({ db, accountId: broadcast.accountId, config });
      } catch (error) {
        if (error instanceof WechatApiCallError) return failSend(db, broadcast, error.message);
        throw error;
      }
      try {
        const audience = await wechatAudience(db, api, broadcast);
        const message = await massMessageFor({ db, api, broadcast });
        const sent = await api.massSend({ audience, message, clientMsgId: broadcast.clientMsgId });
        await db.update(broadcasts).set({ wechatMsgId: sent.msgId, updatedAt: new Date() }).where(eq(broadcasts.id, id));
        await recordAudit({ db, accountId: broadcast.accountId, action: 'broadcast.sent_to_wechat', entityType: 'broadcast', entityId: id, detail: { msgId: sent.msgId, repeated: sent.repeated } });
        return { status: 'done' };
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        log.info('broadcasts.send_refused', { broadcast: id, kind: error.kind, code: error.code });
        // Transient (busy, timeout): the same clientmsgid makes the retry safe.
        if (error.kind === 'transient' && job.attempts < job.maxAttempts) return { status: 'retry', error: `${error.code}: ${error.message}` };
        return failSend(db, broadcast, `${error.code}: ${error.message}`);
      }
    },

    async onLeaseExpired({ tx, job }) {
      // Safe to run again: the broadcast's clientmsgid lets WeChat refuse a repeat (45065).
      const broadcast = await loadBroadcast(tx, Number((job.payload as SendPayload).broadcastId));
      if (!broadcast || (broadcast.status !== 'scheduled' && broadcast.status !== 'sending')) return 'done';
      log.warn('broadcasts.send_lease_expired', { broadcast: broadcast.id, job: job.id });
      return 'retry';
    },
  };
}

/** Who WeChat sends to; for a tag, WeChat's tag is first made to hold exactly the receipts written at start. */
async function wechatAudience(db: Db, api: WechatApi, broadcast: Broadcast): Promise<Parameters<WechatApi['massSend']>[0]['audience']> {
  if (broadcast.targetKind === 'openids') return { kind: 'openids', openids: broadcast.targetOpenids ?? [] };
  const target = targetOf(broadcast);
  if (target.kind === 'all') return { kind: 'all' };
  const recipients = await db
    .select({ openid: followers.openid })
    .from(broadcastReceipts)
    .innerJoin(followers, eq(followers.id, broadcastReceipts.followerId))
    .where(eq(broadcastReceipts.broadcastId, broadcast.id));
  const wechatTagId = await syncWechatTag({ db, api, accountId: broadcast.accountId, tagId: target.tagId, openids: recipients.map((r) => r.openid) });
  return { kind: 'tag', wechatTagId };
}

/** A trial send: one preview job per guest in the target; the broadcast counts them as sent. */
async function deliverToGuests(db: Db, broadcast: Broadcast, guests: Array<{ id: number; openid: string }>): Promise<JobOutcome> {
  await db.transaction(async (tx) => {
    for (const guest of guests) {
      await enqueuePreview({ db: tx, broadcast, followerId: guest.id, key: `${broadcast.clientMsgId}:${guest.id}` });
    }
    await tx
      .update(broadcasts)
      .set({ status: 'sent', totalCount: guests.length, filterCount: guests.length, sentCount: guests.length, errorCount: 0, updatedAt: new Date() })
      .where(eq(broadcasts.id, broadcast.id));
  });
  await recordAudit({ db, accountId: broadcast.accountId, action: 'broadcast.sent_to_guests', entityType: 'broadcast', entityId: broadcast.id, detail: { guests: guests.length } });
  return { status: 'done' };
}

/** Queues a `mass/preview` of a broadcast to one follower; `key` makes a repeated request queue once. */
export async function enqueuePreview(args: { db: Db | Tx; broadcast: Pick<Broadcast, 'id' | 'accountId'>; followerId: number; key: string }): Promise<number | null> {
  return enqueueJob({
    db: args.db,
    kind: BROADCAST_PREVIEW_JOB,
    accountId: args.broadcast.accountId,
    payload: { broadcastId: args.broadcast.id, followerId: args.followerId },
    idempotencyKey: `broadcast-preview:${args.broadcast.id}:${args.key}`.slice(0, 200),
  });
}

/**
 * One preview. mass/preview has no idempotency key, so a worker that died during the call is
 * not retried (a guest might get it twice): the job is abandoned with "outcome unknown".
 */
export function broadcastPreviewHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const { broadcastId, followerId } = job.payload as { broadcastId: number; followerId: number };
      const broadcast = await loadBroadcast(db, Number(broadcastId));
      if (!broadcast) return { status: 'done' };
      const [follower] = await db
        .select({ openid: followers.openid, accountId: followers.accountId, subscribed: followers.subscribed })
        .from(followers)
        .where(eq(followers.id, Number(followerId)))
        .limit(1);
      // The recipient was checked when the preview was queued; a follower of another account never gets here.
      if (!follower || follower.accountId !== broadcast.accountId || !follower.subscribed) return { status: 'failed', error: 'not a follower' };
      try {
        const api = await wechatApiFor({ db, accountId: broadcast.accountId, config });
        await api.massPreview(follower.openid, await massMessageFor({ db, api, broadcast }));
        return { status: 'done' };
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        if (error.kind === 'transient') return { status: 'retry', error: `${error.code}: ${error.message}` };
        return { status: 'failed', error: `${error.code}: ${error.message}` };
      }
    },
    async onLeaseExpired() {
      return 'abandon';
    },
  };
}
