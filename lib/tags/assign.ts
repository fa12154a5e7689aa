import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { accounts, followers, followerTags, tags } from '../../db/schema';
import { enqueueJob, type DbOrTx, type Tx } from '../jobs/outbox';
import { MAX_TAGS_PER_ACCOUNT, TAG_BATCH_SIZE, tagNameProblem } from './limits';
import { TAG_CREATE_JOB, TAG_MEMBERS_JOB, tagCreateKey, type TagMembersPayload } from './job-kinds';

/**
 * The one write path for tags and for "a follower gets a tag" (docs/admin.md "Followers and
 * tags"): staff on the followers page, the inbox's tag command, an accepted tag offer and the
 * citizen's own `订阅 交通` all come through here, so every change is mirrored to WeChat's user
 * tags by an outbox job written in the same transaction (lib/tags/mirror-jobs.ts).
 */

export type CreateTagsResult = { ok: true; tags: Array<{ id: number; name: string; created: boolean }> } | { ok: false; reason: 'limit' | 'name' };

/**
 * The account's tags of these names, creating the missing ones (each with a `tags/create` job).
 * Refuses the whole set when a name is unusable or the new ones would pass WeChat's 100 tags: the
 * account row is locked first, so two concurrent creates cannot both take the hundredth place.
 */
export async function ensureTags(args: { tx: Tx; accountId: string; names: readonly string[]; selfService?: boolean; at?: Date }): Promise<CreateTagsResult> {
  const { tx, accountId } = args;
  const names = [...new Set(args.names.map((n) => n.trim()))];
  if (names.length === 0) return { ok: true, tags: [] };
  if (names.some((n) => tagNameProblem(n) !== null)) return { ok: false, reason: 'name' };
  await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('update');
  const existing = await tx.select({ id: tags.id, name: tags.name }).from(tags).where(and(eq(tags.accountId, accountId), inArray(tags.name, names)));
  const have = new Set(existing.map((t) => t.name));
  const missing = names.filter((n) => !have.has(n));
  if (missing.length > 0) {
    const [held] = await tx.select({ n: count() }).from(tags).where(eq(tags.accountId, accountId));
    if ((held?.n ?? 0) + missing.length > MAX_TAGS_PER_ACCOUNT) return { ok: false, reason: 'limit' };
  }
  const created = missing.length
    ? await tx
        .insert(tags)
        .values(missing.map((name) => ({ accountId, name, selfService: args.selfService ?? false, ...(args.at ? { createdAt: args.at, updatedAt: args.at } : {}) })))
        .returning({ id: tags.id, name: tags.name })
    : [];
  for (const tag of created) {
    await enqueueJob({ db: tx, kind: TAG_CREATE_JOB, accountId, payload: { tagId: tag.id }, idempotencyKey: tagCreateKey(tag.id) });
  }
  return { ok: true, tags: [...existing.map((t) => ({ ...t, created: false })), ...created.map((t) => ({ ...t, created: true }))] };
}

/**
 * Gives `tagIds` to `followerIds` (all of this account: others are ignored, callers check first).
 * Returns how many (follower, tag) pairs were new; only those are mirrored, in batches of 50.
 */
export async function giveTags(args: { tx: Tx; accountId: string; followerIds: readonly number[]; tagIds: readonly number[]; at?: Date }): Promise<number> {
  return changeMembers({ ...args, untag: false });
}

/** Takes `tagIds` from `followerIds`; returns how many pairs were removed (and mirrored). */
export async function takeTags(args: { tx: Tx; accountId: string; followerIds: readonly number[]; tagIds: readonly number[] }): Promise<number> {
  return changeMembers({ ...args, untag: true });
}

async function changeMembers(args: { tx: Tx; accountId: string; followerIds: readonly number[]; tagIds: readonly number[]; untag: boolean; at?: Date }): Promise<number> {
  const { tx, accountId, untag } = args;
  if (args.followerIds.length === 0 || args.tagIds.length === 0) return 0;
  const own = await ownPairs(tx, accountId, args.followerIds, args.tagIds);
  if (own.followerIds.length === 0 || own.tagIds.length === 0) return 0;
  let changed: Array<{ followerId: number; tagId: number }>;
  if (untag) {
    changed = await tx
      .delete(followerTags)
      .where(and(inArray(followerTags.followerId, own.followerIds), inArray(followerTags.tagId, own.tagIds)))
      .returning({ followerId: followerTags.followerId, tagId: followerTags.tagId });
  } else {
    const rows = own.followerIds.flatMap((followerId) => own.tagIds.map((tagId) => ({ followerId, tagId, ...(args.at ? { createdAt: args.at } : {}) })));
    changed = await tx.insert(followerTags).values(rows).onConflictDoNothing().returning({ followerId: followerTags.followerId, tagId: followerTags.tagId });
  }
  await enqueueMemberJobs(tx, accountId, changed, untag);
  return changed.length;
}

/** Only this account's followers and tags: a foreign id in the list changes nothing. */
async function ownPairs(tx: DbOrTx, accountId: string, followerIds: readonly number[], tagIds: readonly number[]) {
  const [fs, ts] = await Promise.all([
    tx.select({ id: followers.id }).from(followers).where(and(eq(followers.accountId, accountId), inArray(followers.id, [...new Set(followerIds)]))),
    tx.select({ id: tags.id }).from(tags).where(and(eq(tags.accountId, accountId), inArray(tags.id, [...new Set(tagIds)]))),
  ]);
  return { followerIds: fs.map((f) => f.id), tagIds: ts.map((t) => t.id) };
}

async function enqueueMemberJobs(tx: Tx, accountId: string, changed: ReadonlyArray<{ followerId: number; tagId: number }>, untag: boolean): Promise<void> {
  const byTag = new Map<number, number[]>();
  for (const c of changed) byTag.set(c.tagId, [...(byTag.get(c.tagId) ?? []), c.followerId]);
  for (const [tagId, ids] of byTag) {
    for (let i = 0; i < ids.length; i += TAG_BATCH_SIZE) {
      const payload: TagMembersPayload = { tagId, followerIds: ids.slice(i, i + TAG_BATCH_SIZE), untag };
      await enqueueJob({ db: tx, kind: TAG_MEMBERS_JOB, accountId, payload: { ...payload } });
    }
  }
}

/** How many tags the account holds, for "n / 100" in the UI. */
export async function tagCount(db: DbOrTx, accountId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tags).where(eq(tags.accountId, accountId));
  return Number(row?.n ?? 0);
}
