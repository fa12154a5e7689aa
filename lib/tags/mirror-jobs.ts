import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers, followerTags, jobs, tags } from '../../db/schema';
import type { JobHandler } from '../jobs/worker';
import type { JobOutcome } from '../jobs/outbox';
import { wechatApiFor, type WechatApi, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { TAG_CREATE_JOB, TAG_DELETE_JOB, TAG_MEMBERS_JOB, TAG_UPDATE_JOB, tagCreateKey, type TagMembersPayload } from './job-kinds';

/**
 * Mirrors the tags table to WeChat's user tags (docs/wechat-protocol.md §6.4). Every handler
 * reads the database when it runs and sends what is true now, so jobs that run late or out of
 * order (a deferred batch behind a later one) still converge on the database's state, and a
 * job repeated after a crash sends a call that changes nothing the second time.
 */
export function tagMirrorHandlers(config: WechatApiConfig): Record<string, JobHandler> {
  const repeatable: JobHandler['onLeaseExpired'] = async () => 'retry';
  return {
    [TAG_CREATE_JOB]: { run: ({ db, job }) => guarded(() => createTag(db, config, Number((job.payload as { tagId?: unknown }).tagId))), onLeaseExpired: repeatable },
    [TAG_UPDATE_JOB]: { run: ({ db, job }) => guarded(() => updateTag(db, config, Number((job.payload as { tagId?: unknown }).tagId))), onLeaseExpired: repeatable },
    [TAG_DELETE_JOB]: {
      run: ({ db, job }) => guarded(() => deleteTag(db, config, job.accountId!, Number((job.payload as { wechatTagId?: unknown }).wechatTagId))),
      onLeaseExpired: repeatable,
    },
    [TAG_MEMBERS_JOB]: { run: ({ db, job }) => guarded(() => syncMembers(db, config, job.payload as unknown as TagMembersPayload)), onLeaseExpired: repeatable },
  };
}

async function guarded(run: () => Promise<JobOutcome>): Promise<JobOutcome> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof WechatApiCallError)) throw error;
    if (error.kind === 'transient' || error.kind === 'quota') return { status: 'retry', error: `${error.code}: ${error.message}` };
    return { status: 'failed', error: `${error.code}: ${error.message}` };
  }
}

async function tagRow(db: Db, tagId: number) {
  const [tag] = await db.select().from(tags).where(eq(tags.id, tagId)).limit(1);
  return tag;
}

async function createTag(db: Db, config: WechatApiConfig, tagId: number): Promise<JobOutcome> {
  const tag = await tagRow(db, tagId);
  // Deleted before it reached WeChat, or already there (a repeat after a crash).
  if (!tag || tag.wechatTagId !== null) return { status: 'done' };
  const api = await wechatApiFor({ db, accountId: tag.accountId, config });
  let wechatTagId: number;
  try {
    const answer = await api.call({ method: 'POST', path: '/cgi-bin/tags/create', body: { tag: { name: tag.name } } });
    wechatTagId = Number((answer.tag as { id?: unknown } | undefined)?.id);
  } catch (error) {
    // 45157: the name exists at WeChat already — made in WeChat's own admin, or by our call whose
    // answer was lost. Adopt that tag instead of failing for ever.
    if (!(error instanceof WechatApiCallError) || error.errcode !== 45157) throw error;
    const found = await findWechatTag(api, tag.name);
    if (found === null) throw error;
    wechatTagId = found;
  }
  if (!Number.isInteger(wechatTagId)) return { status: 'retry', error: 'tags/create answered without an id' };
  const stored = await db
    .update(tags)
    .set({ wechatTagId })
    .where(and(eq(tags.id, tagId), isNull(tags.wechatTagId)))
    .returning({ id: tags.id });
  // Staff deleted it while the call was under way: take it away at WeChat too.
  if (stored.length === 0 && !(await tagRow(db, tagId))) {
    await api.call({ method: 'POST', path: '/cgi-bin/tags/delete', body: { tag: { id: wechatTagId } } });
  }
  return { status: 'done' };
}

async function findWechatTag(api: WechatApi, name: string): Promise<number | null> {
  const answer = await api.call({ method: 'GET', path: '/cgi-bin/tags/get' });
  const list = Array.isArray(answer.tags) ? (answer.tags as Array<{ id?: unknown; name?: unknown }>) : [];
  const hit = list.find((t) => t.name === name);
  return hit && typeof hit.id === 'number' ? hit.id : null;
}

async function updateTag(db: Db, config: WechatApiConfig, tagId: number): Promise<JobOutcome> {
  const tag = await tagRow(db, tagId);
  if (!tag) return { status: 'done' };
  // Not at WeChat yet: wait for the create job (it may be sending the old name right now).
  if (tag.wechatTagId === null) return waitForCreate(db, tagId);
  const api = await wechatApiFor({ db, accountId: tag.accountId, config });
  await api.call({ method: 'POST', path: '/cgi-bin/tags/update', body: { tag: { id: tag.wechatTagId, name: tag.name } } });
  return { status: 'done' };
}

async function deleteTag(db: Db, config: WechatApiConfig, accountId: string, wechatTagId: number): Promise<JobOutcome> {
  if (!Number.isInteger(wechatTagId)) return { status: 'done' };
  const api = await wechatApiFor({ db, accountId, config });
  try {
    await api.call({ method: 'POST', path: '/cgi-bin/tags/delete', body: { tag: { id: wechatTagId } } });
  } catch (error) {
    // 45159: already gone at WeChat — what we wanted.
    if (error instanceof WechatApiCallError && error.errcode === 45159) return { status: 'done' };
    throw error;
  }
  return { status: 'done' };
}

/** True while the tag's `tags/create` job may still run (pending or running). */
async function createStillComing(db: Db, tagId: number): Promise<boolean> {
  const [job] = await db.select({ status: jobs.status }).from(jobs).where(eq(jobs.idempotencyKey, tagCreateKey(tagId))).limit(1);
  return job?.status === 'pending' || job?.status === 'running';
}

const WAIT_FOR_CREATE_MS = 5_000;

/** Waits, without spending attempts, for the tag's create job; gives up only when none is coming. */
async function waitForCreate(db: Db, tagId: number): Promise<JobOutcome> {
  if (await createStillComing(db, tagId)) return { status: 'deferred', until: new Date(Date.now() + WAIT_FOR_CREATE_MS), error: 'waiting for tags/create' };
  return { status: 'failed', error: 'tag never reached WeChat' };
}

async function syncMembers(db: Db, config: WechatApiConfig, payload: TagMembersPayload): Promise<JobOutcome> {
  const tag = await tagRow(db, Number(payload.tagId));
  // A deleted tag takes its members with it at WeChat.
  if (!tag) return { status: 'done' };
  if (tag.wechatTagId === null) return waitForCreate(db, tag.id);
  const ids = (Array.isArray(payload.followerIds) ? payload.followerIds : []).map(Number).filter(Number.isInteger);
  if (ids.length === 0) return { status: 'done' };
  const rows = await db
    .select({ openid: followers.openid, holds: followerTags.tagId })
    .from(followers)
    .leftJoin(followerTags, and(eq(followerTags.followerId, followers.id), eq(followerTags.tagId, tag.id)))
    .where(and(eq(followers.accountId, tag.accountId), inArray(followers.id, ids), eq(followers.subscribed, true)));
  // Only what is still true: tag those who hold it now, untag those who no longer do. WeChat
  // refuses a whole batch naming someone who unfollowed (40003), so they are left out.
  const openids = rows.filter((r) => (payload.untag ? r.holds === null : r.holds !== null)).map((r) => r.openid);
  if (openids.length === 0) return { status: 'done' };
  const api = await wechatApiFor({ db, accountId: tag.accountId, config });
  const path = payload.untag ? '/cgi-bin/tags/members/batchuntagging' : '/cgi-bin/tags/members/batchtagging';
  await api.call({ method: 'POST', path, body: { openid_list: openids, tagid: tag.wechatTagId } });
  return { status: 'done' };
}
