import { and, desc, eq, isNotNull, isNull, like, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { broadcasts, type Broadcast } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import { enqueueJob, type DbOrTx, type JobOutcome } from '../jobs/outbox';
import type { JobHandler } from '../jobs/worker';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { broadcastForStaff } from './schedule';
import { draftArticlesOf } from './send';

/**
 * Publishing without a push (发布, docs/broadcasts.md "Publishing"): an approved news broadcast
 * goes to the account's article list (draft/add + freepublish/submit) — no quota spent, no
 * follower notified — and, once WeChat's PUBLISHJOBFINISH says it is published, to the archive
 * on the directory's account page. `publish_status`: queued → publishing → published, or
 * failed:<WeChat's status> / unknown.
 */
export const BROADCAST_PUBLISH_JOB = 'broadcast.publish';

/** Approved (whether or not it was pushed too): the review is done. */
const PUBLISHABLE = new Set<Broadcast['status']>(['approved', 'scheduled', 'sending', 'sent', 'cancelled']);

const PublishInput = z.strictObject({ broadcastId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const publishBroadcastCommand = staffCommand('broadcasts.publish', async (ctx): Promise<CommandResult> => {
  const access = await broadcastForStaff({ db: ctx.db, staff: ctx.staff, broadcastId: (ctx.input as { broadcastId?: unknown } | null)?.broadcastId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = PublishInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { broadcast } = access;
  if (!PUBLISHABLE.has(broadcast.status)) return { ok: false, error: 'not_approved' };
  if (broadcast.msgType !== 'news') return { ok: false, error: 'not_news' };
  const queued = await ctx.db.transaction(async (tx) => {
    // Once only, unless the last attempt failed: a second click does not publish a second copy.
    const [row] = await tx
      .update(broadcasts)
      .set({ publishStatus: 'queued', updatedAt: new Date() })
      .where(and(eq(broadcasts.id, broadcast.id), or(isNull(broadcasts.publishStatus), eq(broadcasts.publishStatus, 'unknown'), like(broadcasts.publishStatus, 'failed:%'))))
      .returning({ id: broadcasts.id });
    if (!row) return false;
    await enqueueJob({ db: tx, kind: BROADCAST_PUBLISH_JOB, accountId: broadcast.accountId, payload: { broadcastId: broadcast.id }, idempotencyKey: `broadcast-publish:${broadcast.id}:${Date.now()}` });
    return true;
  });
  if (!queued) return { ok: false, error: 'already_published' };
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: broadcast.accountId, action: 'broadcast.publish', entityType: 'broadcast', entityId: broadcast.id, ip: ctx.ip ?? null });
  return { ok: true, data: undefined };
});

/**
 * draft/add (a fresh draft: one that was mass-sent to all may be gone) then freepublish/submit.
 * freepublish/submit has no idempotency key, so a worker that died during it is not retried —
 * the article might be published twice — but marked `unknown` for staff to check.
 */
export function broadcastPublishHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }): Promise<JobOutcome> {
      const id = Number((job.payload as { broadcastId?: unknown }).broadcastId);
      const [broadcast] = await db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1);
      if (!broadcast || broadcast.publishStatus !== 'queued') return { status: 'done' };
      await db.update(broadcasts).set({ publishStatus: 'submitting' }).where(eq(broadcasts.id, id));
      try {
        const api = await wechatApiFor({ db, accountId: broadcast.accountId, config });
        const mediaId = await api.addDraft(draftArticlesOf(broadcast));
        const publishId = await api.submitPublish(mediaId);
        await db.update(broadcasts).set({ publishId, publishStatus: 'publishing', updatedAt: new Date() }).where(eq(broadcasts.id, id));
        return { status: 'done' };
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        if (error.kind === 'transient' && !error.reachedWechat && job.attempts < job.maxAttempts) {
          await db.update(broadcasts).set({ publishStatus: 'queued' }).where(eq(broadcasts.id, id));
          return { status: 'retry', error: `${error.code}: ${error.message}` };
        }
        await db.update(broadcasts).set({ publishStatus: `failed:${error.code}`.slice(0, 60), updatedAt: new Date() }).where(eq(broadcasts.id, id));
        return { status: 'failed', error: `${error.code}: ${error.message}` };
      }
    },
    async onLeaseExpired({ tx, job }) {
      const id = Number((job.payload as { broadcastId?: unknown }).broadcastId);
      await tx.update(broadcasts).set({ publishStatus: 'unknown' }).where(and(eq(broadcasts.id, id), eq(broadcasts.publishStatus, 'submitting')));
      return 'abandon';
    },
  };
}

export interface PublishReport {
  publishId: string;
  /** WeChat's publish_status: 0 published, 1 publishing, 2 original-content check failed, 3 failed, 4 refused by review, 5 deleted, 6 banned. */
  status: number;
  articleId: string | null;
  urls: string[];
}

/**
 * PUBLISHJOBFINISH, called by the webhook inside the transaction that stored the push — only
 * for its first delivery, so a retried push fills nothing in twice. Matched on (account,
 * publish_id): another tenant's publish id changes nothing.
 */
export async function applyPublishReport(args: { db: DbOrTx; accountId: string; report: PublishReport; at: Date }): Promise<number | null> {
  const { report } = args;
  const published = report.status === 0;
  const [row] = await args.db
    .update(broadcasts)
    .set(
      published
        ? { publishStatus: 'published', publishedUrls: report.urls, publishedAt: args.at, archivedAt: args.at, updatedAt: args.at }
        : { publishStatus: report.status === 1 ? 'publishing' : `failed:${report.status}`, updatedAt: args.at },
    )
    .where(and(eq(broadcasts.accountId, args.accountId), eq(broadcasts.publishId, report.publishId)))
    .returning({ id: broadcasts.id });
  if (row) await recordAudit({ db: args.db as Db, accountId: args.accountId, action: published ? 'broadcast.published' : 'broadcast.publish_failed', entityType: 'broadcast', entityId: row.id, detail: { publishStatus: report.status } });
  return row?.id ?? null;
}

export interface ArchivedArticle {
  id: number;
  title: string;
  url: string | null;
  archivedAt: Date;
}

/** The account page's "articles" section: what was published, newest first. */
export async function listArchive(args: { db: Db; accountId: string; limit?: number }): Promise<ArchivedArticle[]> {
  const rows = await args.db
    .select({ id: broadcasts.id, title: broadcasts.title, urls: broadcasts.publishedUrls, archivedAt: broadcasts.archivedAt })
    .from(broadcasts)
    .where(and(eq(broadcasts.accountId, args.accountId), isNotNull(broadcasts.archivedAt)))
    .orderBy(desc(broadcasts.archivedAt), desc(broadcasts.id))
    .limit(args.limit ?? 10);
  return rows.map((r) => ({ id: r.id, title: r.title, url: r.urls?.[0] ?? null, archivedAt: r.archivedAt! }));
}
