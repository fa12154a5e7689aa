import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';

/**
 * How many people follow an account — one figure for the staff dashboard (exact) and the public
 * directory's band ("10万+", lib/directory/follower-band.ts), so the two never disagree.
 *
 * The figure is the total WeChat reports for the account (`accounts.follower_count`), not the
 * `followers` rows we hold. Rows exist only for people who did something the webhook saw — a
 * follow, a message, a scan — since the account was connected: everyone who followed before is
 * invisible to us (WeChat sends no event for them), so the rows undercount, often by orders of
 * magnitude (86,000 followers, 5 rows). The rows stay what the inbox works with. docs/admin.md
 * ("Follower figure") says where the total comes from and what is not done yet.
 */
export const followerTotalColumn = accounts.followerCount;

/** The follower figure of each account id (ids from the access gate, never from a request). */
export async function followerTotals(db: Db, accountIds: string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>(accountIds.map((id) => [id, 0]));
  if (accountIds.length === 0) return totals;
  const rows = await db.select({ id: accounts.id, total: followerTotalColumn }).from(accounts).where(inArray(accounts.id, accountIds));
  for (const row of rows) totals.set(row.id, row.total);
  return totals;
}
