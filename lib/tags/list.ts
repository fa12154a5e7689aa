import { and, asc, eq, sql } from 'drizzle-orm';
import { followers, followerTags, tags } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';

export interface TagSummary {
  id: number;
  name: string;
  selfService: boolean;
  /** False until WeChat has it (the `tags/create` job ran). */
  mirrored: boolean;
  /** Followers holding it who still follow. */
  members: number;
}

/** The account's tags by name, with how many current followers hold each. */
export async function listTags(db: DbOrTx, accountId: string): Promise<TagSummary[]> {
  const rows = await db
    .select({
      id: tags.id,
      name: tags.name,
      selfService: tags.selfService,
      wechatTagId: tags.wechatTagId,
      members: sql<number>`count(${followers.id})::int`,
    })
    .from(tags)
    .leftJoin(followerTags, eq(followerTags.tagId, tags.id))
    .leftJoin(followers, and(eq(followers.id, followerTags.followerId), eq(followers.subscribed, true)))
    .where(eq(tags.accountId, accountId))
    .groupBy(tags.id)
    .orderBy(asc(tags.name));
  return rows.map((r) => ({ id: r.id, name: r.name, selfService: r.selfService, mirrored: r.wechatTagId !== null, members: Number(r.members) }));
}

/** The groups a citizen may join themselves (`订阅 <name>`, a menu button). */
export async function selfServiceTags(db: DbOrTx, accountId: string): Promise<Array<{ id: number; name: string }>> {
  return db
    .select({ id: tags.id, name: tags.name })
    .from(tags)
    .where(and(eq(tags.accountId, accountId), eq(tags.selfService, true)))
    .orderBy(asc(tags.name));
}
