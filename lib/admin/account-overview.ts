import { and, asc, count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { autoReplyRules, conversations, followers, messages } from '../../db/schema';
import { followerTotals } from '../followers/count';

/**
 * Counts per account for the workspace home. Callers pass only account ids that came out of
 * the access gate (lib/auth/access), never ids from the request.
 */
export async function countsForAccounts(db: Db, accountIds: string[]) {
  if (accountIds.length === 0) return new Map<string, { followers: number; open: number }>();
  const [totals, openRows] = await Promise.all([
    // The same figure the directory's follower band is made from (lib/followers/count.ts).
    followerTotals(db, accountIds),
    db
      .select({ accountId: conversations.accountId, n: count() })
      .from(conversations)
      .where(and(inArray(conversations.accountId, accountIds), ne(conversations.status, 'resolved')))
      .groupBy(conversations.accountId),
  ]);
  const result = new Map<string, { followers: number; open: number }>();
  for (const id of accountIds) result.set(id, { followers: 0, open: 0 });
  for (const [id, total] of totals) result.get(id)!.followers = total;
  for (const row of openRows) result.get(row.accountId)!.open = row.n;
  return result;
}

export async function recentMessages(db: Db, accountId: string, limit = 20) {
  return db
    .select({
      id: messages.id,
      direction: messages.direction,
      msgType: messages.msgType,
      event: messages.event,
      content: messages.content,
      createdAt: messages.createdAt,
      openid: followers.openid,
      remark: followers.remark,
      displayName: followers.displayName,
    })
    .from(messages)
    .leftJoin(followers, eq(followers.id, messages.followerId))
    .where(eq(messages.accountId, accountId))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
}

export async function replyRules(db: Db, accountId: string) {
  return db
    .select()
    .from(autoReplyRules)
    .where(eq(autoReplyRules.accountId, accountId))
    .orderBy(asc(autoReplyRules.kind), asc(autoReplyRules.priority), asc(autoReplyRules.id));
}
