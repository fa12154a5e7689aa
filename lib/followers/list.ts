import { and, asc, desc, eq, exists, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import { followers, followerTags, tags } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';
import { escapeLike } from '../sql/escape-like';

/**
 * The followers page (docs/admin.md "Followers and tags"): the account's current followers,
 * newest first, searchable by what staff know of them (remark, the name they gave, the QR scene
 * they came through, the OpenID), filterable by tag, paged by keyset on the id — a page stays
 * correct while new followers arrive, and the thousandth page costs what the first does.
 */
export const FOLLOWERS_PAGE_SIZE = 50;

export interface FollowerRow {
  id: number;
  openid: string;
  displayName: string | null;
  remark: string | null;
  source: string | null;
  subscribedAt: Date | null;
  lastInboundAt: Date | null;
  tags: Array<{ id: number; name: string }>;
}

export async function listFollowers(args: {
  db: DbOrTx;
  accountId: string;
  q?: string;
  tagId?: number;
  /** The last id of the previous page. */
  before?: number;
  limit?: number;
}): Promise<{ rows: FollowerRow[]; next: number | null }> {
  const { db, accountId } = args;
  const limit = Math.min(Math.max(args.limit ?? FOLLOWERS_PAGE_SIZE, 1), 200);
  const where: SQL[] = [eq(followers.accountId, accountId), eq(followers.subscribed, true)];
  const q = args.q?.trim().slice(0, 100);
  if (q) {
    const like = `%${escapeLike(q)}%`;
    where.push(or(ilike(followers.remark, like), ilike(followers.displayName, like), ilike(followers.source, like), ilike(followers.openid, like))!);
  }
  if (args.tagId !== undefined) {
    where.push(exists(db.select({ one: followerTags.tagId }).from(followerTags).where(and(eq(followerTags.followerId, followers.id), eq(followerTags.tagId, args.tagId)))));
  }
  if (args.before !== undefined) where.push(lt(followers.id, args.before));
  const page = await db
    .select({
      id: followers.id,
      openid: followers.openid,
      displayName: followers.displayName,
      remark: followers.remark,
      source: followers.source,
      subscribedAt: followers.subscribedAt,
      lastInboundAt: followers.lastInboundAt,
    })
    .from(followers)
    .where(and(...where))
    .orderBy(desc(followers.id))
    .limit(limit + 1);
  const rows = page.slice(0, limit);
  const held = rows.length
    ? await db
        .select({ followerId: followerTags.followerId, id: tags.id, name: tags.name })
        .from(followerTags)
        .innerJoin(tags, eq(tags.id, followerTags.tagId))
        .where(inArray(followerTags.followerId, rows.map((r) => r.id)))
        .orderBy(asc(tags.name))
    : [];
  return {
    rows: rows.map((r) => ({ ...r, tags: held.filter((h) => h.followerId === r.id).map((h) => ({ id: h.id, name: h.name })) })),
    next: page.length > limit ? rows[rows.length - 1]!.id : null,
  };
}
