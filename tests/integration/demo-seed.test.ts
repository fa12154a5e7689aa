import { loadServiceSchedule } from '../../lib/service/calendar';
import { addWorkingHours } from '../../lib/service/working-time';
import { count, eq, inArray, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, autoReplyRules, conversations, memberships, messages, regions, users } from '../../db/schema';
import { isDatabaseEmpty, seedDemo } from '../../db/seed';
import { openSecret } from '../../lib/crypto/secret-box';
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
  it('fills an empty database with the accounts, logins and waiting inquiries', async () => {
    expect(await isDatabaseEmpty(t.db)).toBe(true);
    await seedDemo(t.db, { secretKey: 'demo-seed-test-key-0123', now, inquiries: true });
    expect(await isDatabaseEmpty(t.db)).toBe(false);

    const slugs = (await t.db.select({ slug: accounts.slug, verified: accounts.verified }).from(accounts)).map((a) => a.slug);
    expect(slugs).toEqual(expect.arrayContaining(['zhongshan-youth', 'zhaoqing-police', 'zhongshan-gaj-lookalike', 'zhongshan-pingan-lookalike']));
    expect(slugs.length).toBeGreaterThanOrEqual(14);
    const [police] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhaoqing-police'));
    expect(police).toMatchObject({ messageMode: 'safe', appId: 'wx7b6a5f4e3d2c1b0a', type: 'service', verified: true });
    // The Token is sealed at rest (lib/crypto/secret-box.ts) and opens to the demo's.
    expect(police!.token).not.toBe('zqpolice-demo-token');
    expect(openSecret(police!.token!, 'demo-seed-test-key-0123')).toBe('zqpolice-demo-token');

    const logins = await t.db.select({ email: users.email }).from(users);
    expect(logins.map((l) => l.email).sort()).toEqual(['admin@wegov.local', 'police@wegov.local', 'youth@wegov.local']);
    expect((await t.db.select({ n: count() }).from(memberships))[0]?.n).toBe(2);

    const waiting = await t.db.select().from(conversations);
    expect(waiting).toHaveLength(5);
    expect(waiting.every((c) => c.status === 'open' && c.unreadCount === 1)).toBe(true);
    // Each is due 4 working hours after it came in (docs/citizen-service.md), so which are overdue
    // depends on the day; the two-week-old one always is, the one from an hour ago never.
    for (const c of waiting) {
      const schedule = await loadServiceSchedule(t.db, c.accountId);
      expect(c.dueAt).toEqual(addWorkingHours(schedule!.calendar, c.openedAt, schedule!.firstResponseWorkingHours));
    }
    const overdue = await t.db.select().from(conversations).where(lt(conversations.dueAt, now));
    const oldest = waiting.reduce((a, b) => (a.openedAt < b.openedAt ? a : b));
    const newest = waiting.reduce((a, b) => (a.openedAt > b.openedAt ? a : b));
    expect(overdue.map((c) => c.id)).toContain(oldest.id);
    expect(overdue.map((c) => c.id)).not.toContain(newest.id);
    // Each question got the account's auto-reply decided, like a real push.
    const inbound = await t.db.select().from(messages).where(eq(messages.direction, 'inbound'));
    expect(inbound.every((m) => m.reply !== null)).toBe(true);
  });

  it('tells the Zhongshan story: two police look-alikes opened by officers, never verified, idle', async () => {
    const lookalikes = await t.db.select().from(accounts).where(inArray(accounts.name, ['中山市公安局', '平安中山']));
    expect(lookalikes.map((a) => a.slug).sort()).toEqual(['zhongshan-gaj-lookalike', 'zhongshan-pingan-lookalike']);
    for (const a of lookalikes) {
      expect(a).toMatchObject({ verified: false, verifiedAt: null, verificationMethod: null, flaggedImpostor: false, category: 'police', regionCode: '442000', department: '个人' });
      // An individual can only open a subscription account.
      expect(a.type).toBe('subscription');
      expect(a.description).toMatch(/民警以个人身份开设/);
      expect(a.description).toMatch(/从未通过认证/);
      expect(a.description).toMatch(/闲置/);
      expect(a.description).toMatch(/不是中山市公安局的官方账号/);
      // Idle: nothing answers a citizen who writes to it.
      expect(await t.db.select().from(autoReplyRules).where(eq(autoReplyRules.accountId, a.id))).toEqual([]);
    }
    expect(await t.db.select().from(accounts).where(eq(accounts.name, '平安肇庆服务'))).toEqual([]);
  });

  it('has no official police account in Zhongshan, and the official accounts of the story are official', async () => {
    const zhongshan = (await t.db.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, '442000'))).map((r) => r.code);
    const police = await t.db.select().from(accounts).where(eq(accounts.category, 'police'));
    const zhongshanPolice = police.filter((a) => a.regionCode === '442000' || zhongshan.includes(a.regionCode ?? ''));
    expect(zhongshanPolice.length).toBe(2);
    expect(zhongshanPolice.every((a) => !a.verified)).toBe(true);

    const official = await t.db.select().from(accounts).where(inArray(accounts.name, ['中山青年', '广州公安', '广州应急-白云', '广州天气', '平安肇庆']));
    expect(official).toHaveLength(5);
    expect(official.every((a) => a.verified && !a.flaggedImpostor && a.department && a.department !== '个人')).toBe(true);
  });

  it('gives every verified account its evidence, and no unverified one any', async () => {
    const all = await t.db.select().from(accounts);
    for (const a of all) {
      if (a.verified) {
        expect(a.verificationEvidence, a.slug).toBeTruthy();
        expect(a.verifiedAt, a.slug).not.toBeNull();
        if (a.verificationMethod === 'domain') expect(a.verificationEvidence).toBe(`https://${a.verificationDomain}/.well-known/wegov.json`);
        else expect(a.verificationEvidence).toContain(a.department!);
      } else {
        expect(a.verificationEvidence, a.slug).toBeNull();
      }
    }
  });
});
