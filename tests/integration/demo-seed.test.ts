import { count, eq, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, conversations, memberships, messages, users } from '../../db/schema';
import { isDatabaseEmpty, seedDemo } from '../../db/seed';
import { createTestDb, type TestDb } from '../helpers/test-db';

let t: TestDb;
const now = new Date('2026-11-27T08:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe('the demo data', () => {
  it('fills an empty database with the demo accounts, logins and waiting inquiries', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemo(t.db, { secretKey: 'demo-seed-test-key-0123', now, inquiries: true });
    expect(await isDatabaseEmpty(t.db)).toBe(false);

    const slugs = (await t.db.select({ slug: accounts.slug, verified: accounts.verified }).from(accounts)).map((a) => a.slug);
    expect(slugs).toEqual(expect.arrayContaining(['zhongshan-youth', 'zhaoqing-police', 'zhongshan-gaj-lookalike']));
    expect(slugs.length).toBeGreaterThanOrEqual(14);
    const [police] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhaoqing-police'));
    expect(police).toMatchObject({ messageMode: 'safe', token: 'zqpolice-demo-token', appId: 'wx7b6a5f4e3d2c1b0a', type: 'service', verified: true });
    const [lookalike] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-gaj-lookalike'));
    expect(lookalike?.verified).toBe(false);

    const logins = await t.db.select({ email: users.email }).from(users);
    expect(logins.map((l) => l.email).sort()).toEqual(['admin@wegov.local', 'police@wegov.local', 'youth@wegov.local']);
    expect((await t.db.select({ n: count() }).from(memberships))[0]?.n).toBe(2);

    const waiting = await t.db.select().from(conversations);
    expect(waiting).toHaveLength(5);
    expect(waiting.every((c) => c.status === 'open' && c.unreadCount === 1)).toBe(true);
    const overdue = await t.db.select().from(conversations).where(lt(conversations.dueAt, now));
    expect(overdue).toHaveLength(1);
    // Each question got the account's auto-reply decided, like a real push.
    const inbound = await t.db.select().from(messages).where(eq(messages.direction, 'inbound'));
    expect(inbound.every((m) => m.reply !== null)).toBe(true);
  });
});
