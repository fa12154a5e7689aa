import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, conversations, followers, messages } from '../../db/schema';
import { purgeExpiredCaseRecords } from '../../lib/followers/retention';
import { createTestDb, type TestDb } from '../helpers/test-db';

let t: TestDb;
let accountId: string;

beforeAll(async () => {
  t = await createTestDb();
  const [account] = await t.db
    .insert(accounts)
    .values({ slug: 'retention', name: '测试', type: 'service', category: 'police', appId: 'wxretention', token: 'tok' })
    .returning();
  accountId = account!.id;
});
afterAll(async () => {
  await t.close();
});

async function citizen(openid: string, subscribed: boolean, lastAt: Date) {
  const [f] = await t.db
    .insert(followers)
    .values({ accountId, openid, subscribed, unsubscribedAt: subscribed ? null : lastAt, lastInteractionAt: lastAt })
    .returning();
  const [c] = await t.db.insert(conversations).values({ accountId, followerId: f!.id, status: 'resolved', lastMessageAt: lastAt }).returning();
  await t.db.insert(messages).values({ accountId, followerId: f!.id, conversationId: c!.id, direction: 'inbound', msgType: 'text', content: '问题', payload: {}, dedupKey: `m:${openid}` });
  return f!.id;
}

describe('case records of citizens who left', () => {
  it('are purged three years after the last message, and kept before that and for followers', async () => {
    const now = new Date('2026-11-27T00:00:00Z');
    const old = await citizen('oOldLeaver', false, new Date('2023-11-01T00:00:00Z'));
    const recent = await citizen('oRecentLeaver', false, new Date('2024-01-01T00:00:00Z'));
    const stillFollowing = await citizen('oLoyal', true, new Date('2020-01-01T00:00:00Z'));

    expect(await purgeExpiredCaseRecords({ db: t.db, now })).toEqual({ followers: 1 });

    expect(await t.db.select().from(followers).where(eq(followers.id, old))).toHaveLength(0);
    expect(await t.db.select().from(messages).where(eq(messages.followerId, old))).toHaveLength(0);
    expect(await t.db.select().from(conversations).where(eq(conversations.followerId, old))).toHaveLength(0);
    expect(await t.db.select().from(messages).where(eq(messages.followerId, recent))).toHaveLength(1);
    expect(await t.db.select().from(messages).where(eq(messages.followerId, stillFollowing))).toHaveLength(1);
  });
});
