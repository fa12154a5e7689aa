import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followers } from '../../db/schema';
import { countsForAccounts } from '../../lib/admin/account-overview';
import { followerBand } from '../../lib/directory/follower-band';
import { getPublicAccount, searchAccounts } from '../../lib/directory/search-accounts';
import type { TestDb } from '../helpers/test-db';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';

/**
 * Issue 11 item 11: the staff dashboard's follower count and the directory's follower band come
 * from one figure (lib/followers/count.ts) — WeChat's total, not the rows of the few followers
 * the webhook has seen.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

describe('one follower figure', () => {
  it('the dashboard shows the figure the directory band is made from, however many follower rows we hold', async () => {
    const slug = 'zhongshan-youth';
    const id = await accountIdBySlug(t.db, slug);
    await t.db
      .insert(followers)
      .values(['oFig1', 'oFig2', 'oFig3'].map((openid) => ({ accountId: id, openid, subscribed: true })))
      .onConflictDoNothing();
    const dashboard = (await countsForAccounts(t.db, [id])).get(id)!.followers;
    const listed = await getPublicAccount({ db: t.db, slug });
    expect(listed).not.toBeNull();
    expect(followerBand(dashboard)).toBe(listed!.followerBand);
    // The seeded WeChat total (86,000), not the handful of rows.
    expect(dashboard).toBe(86_000);
    const search = await searchAccounts({ db: t.db, q: '中山青年' });
    expect(search.items.find((a) => a.slug === slug)?.followerBand).toBe(followerBand(dashboard));
  });
});
