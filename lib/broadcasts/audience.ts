import { and, count, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { broadcastGuests, broadcastReceipts, followers, followerTags, tags, type Account } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';
import { shanghaiMonth } from '../time/shanghai';

/**
 * Who a broadcast reaches (docs/broadcasts.md "Sending"): every subscribed follower, or those in
 * one interest tag — minus, where the account caps pushes per follower (service accounts: 4 a
 * calendar month), those who already had their share this month, since WeChat skips them
 * too — and, while the account is in trial mode, only its guest list.
 */
export type Target = { kind: 'all' } | { kind: 'tag'; tagId: number };

export function targetOf(row: { targetKind: string; targetTagId: number | null }): Target {
  return row.targetKind === 'tag' && row.targetTagId !== null ? { kind: 'tag', tagId: row.targetTagId } : { kind: 'all' };
}

type AudienceAccount = Pick<Account, 'id' | 'trialMode' | 'broadcastFollowerMonthlyCap'>;

/** Conditions on `followers` for the target (the tag must be the account's own). */
function inTarget(account: AudienceAccount, target: Target): SQL {
  const base = and(eq(followers.accountId, account.id), eq(followers.subscribed, true))!;
  if (target.kind === 'all') return base;
  return and(
    base,
    sql`exists (select 1 from ${followerTags} join ${tags} on ${tags.id} = ${followerTags.tagId}
      where ${followerTags.followerId} = ${followers.id} and ${tags.id} = ${target.tagId} and ${tags.accountId} = ${account.id})`,
  )!;
}

/** Followers whose receipts this month reached the cap. */
function overCap(cap: number, month: string): SQL {
  return sql`(select count(*) from ${broadcastReceipts} where ${broadcastReceipts.followerId} = ${followers.id} and ${broadcastReceipts.month} = ${month}) >= ${cap}`;
}

function audienceWhere(account: AudienceAccount, target: Target, at: Date, trial: boolean): SQL {
  const parts: SQL[] = [inTarget(account, target)];
  const cap = account.broadcastFollowerMonthlyCap;
  if (cap !== null) parts.push(sql`not ${overCap(cap, shanghaiMonth(at))}`);
  if (trial) parts.push(sql`exists (select 1 from ${broadcastGuests} where ${broadcastGuests.accountId} = ${account.id} and ${broadcastGuests.followerId} = ${followers.id})`);
  return and(...parts)!;
}

/**
 * How many followers a send at `at` would reach: what the composer and the send panel show.
 * `trial` defaults to the account's trial mode.
 */
export async function audienceSize(args: { db: DbOrTx; account: AudienceAccount; target: Target; at?: Date; trial?: boolean }): Promise<number> {
  const at = args.at ?? new Date();
  const [row] = await args.db
    .select({ n: count() })
    .from(followers)
    .where(audienceWhere(args.account, args.target, at, args.trial ?? args.account.trialMode));
  return row?.n ?? 0;
}

/** The followers themselves (id and openid), for receipts and trial deliveries. */
export async function audienceMembers(args: { db: DbOrTx; account: AudienceAccount; target: Target; at: Date; trial: boolean }): Promise<Array<{ id: number; openid: string }>> {
  return args.db
    .select({ id: followers.id, openid: followers.openid })
    .from(followers)
    .where(audienceWhere(args.account, args.target, args.at, args.trial))
    .orderBy(followers.id);
}

/**
 * For the planner: of the subscribed followers in the target, how many have used up their
 * monthly receipts (`atCap`) and how many have had at least one push this month.
 */
export async function receiptUsage(args: { db: Db; account: AudienceAccount; target: Target; month: string }): Promise<{ followers: number; reached: number; atCap: number; cap: number | null }> {
  const cap = args.account.broadcastFollowerMonthlyCap;
  const received = sql<number>`(select count(*) from ${broadcastReceipts} where ${broadcastReceipts.followerId} = ${followers.id} and ${broadcastReceipts.month} = ${args.month})`;
  const [row] = await args.db
    .select({
      followers: count(),
      reached: sql<number>`count(*) filter (where ${received} > 0)`.mapWith(Number),
      atCap: cap === null ? sql<number>`0`.mapWith(Number) : sql<number>`count(*) filter (where ${received} >= ${cap})`.mapWith(Number),
    })
    .from(followers)
    .where(inTarget(args.account, args.target));
  return { followers: row?.followers ?? 0, reached: row?.reached ?? 0, atCap: row?.atCap ?? 0, cap };
}

/** The account's tags, for the target picker. */
export async function accountTags(args: { db: Db; accountId: string }): Promise<Array<{ id: number; name: string; wechatTagId: number | null }>> {
  return args.db.select({ id: tags.id, name: tags.name, wechatTagId: tags.wechatTagId }).from(tags).where(eq(tags.accountId, args.accountId)).orderBy(tags.name);
}
