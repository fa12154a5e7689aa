import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as verifyRoute } from '../../app/api/v1/verify/route';
import { accountReports, accounts, auditLog, users } from '../../db/schema';
import { listLookalikePairs } from '../../lib/directory/lookalike';
import { createReport, REPORT_LIMIT, reporterKey, resolveReport, reviewLookalike } from '../../lib/directory/reports';
import { verifyAccount } from '../../lib/directory/verify-account';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

describe('verifyAccount', () => {
  it.each([
    ['name', '平安肇庆'],
    ['traditional name', '平安肇慶'],
    ['WeChat id', 'PAZQ110'],
    ['original id', 'gh_7b6a5f4e3d2c'],
  ])('says official for the %s of a verified account', async (_kind, q) => {
    const result = await verifyAccount({ db: t.db, q });
    expect(result.status).toBe('official');
    expect(result.official).toBe(true);
    expect(result.account?.slug).toBe('zhaoqing-police');
    expect(result.account?.verification?.method).toBe('wechat_certified');
  });

  it('says not official for a look-alike named after the department, and points to the real account', async () => {
    const result = await verifyAccount({ db: t.db, q: '中山市公安局' });
    expect(result.status).toBe('not_official');
    expect(result.official).toBe(false);
    expect(result.account?.slug).toBe('zhongshan-gaj-lookalike');
    expect(result.lookalikeOf?.official.slug).toBe('zhongshan-police');
  });

  it('says not official for a look-alike by WeChat id', async () => {
    const result = await verifyAccount({ db: t.db, q: 'pazq_fw' });
    expect(result.status).toBe('not_official');
    expect(result.lookalikeOf?.official.slug).toBe('zhaoqing-police');
  });

  it('says unknown for a name not listed, suggesting the official one it resembles', async () => {
    const result = await verifyAccount({ db: t.db, q: '肇庆市公安局' });
    expect(result.status).toBe('unknown');
    expect(result.official).toBe(false);
    expect(result.lookalikeOf?.official.slug).toBe('zhaoqing-police');
    const nothing = await verifyAccount({ db: t.db, q: '完全无关的名字' });
    expect(nothing.status).toBe('unknown');
    expect(nothing.lookalikeOf).toBeNull();
  });

  it('never calls a partial name official', async () => {
    expect((await verifyAccount({ db: t.db, q: '肇庆' })).official).toBe(false);
  });
});

describe('GET /api/v1/verify', () => {
  const call = (q: string) => verifyRoute(new Request(`http://localhost/api/v1/verify?q=${encodeURIComponent(q)}`));

  it('answers { official, account, lookalikeOf }', async () => {
    const body = (await (await call('中山市公安局')).json()) as { official: boolean; account: { slug: string; verified: boolean }; lookalikeOf: { slug: string } };
    expect(body.official).toBe(false);
    expect(body.account.verified).toBe(false);
    expect(body.lookalikeOf.slug).toBe('zhongshan-police');
  });

  it('answers 400 for a missing or over-long q', async () => {
    expect((await verifyRoute(new Request('http://localhost/api/v1/verify'))).status).toBe(400);
    expect((await call('a'.repeat(101))).status).toBe(400);
  });
});

describe('reports', () => {
  it(`accepts ${REPORT_LIMIT} reports an hour from one source, then refuses`, async () => {
    const reporter = reporterKey('203.0.113.7', 'test-secret');
    const now = new Date('2026-01-01T10:00:00Z');
    const input = { name: '平安肇庆服务', wechatId: 'pazq_fw', reason: '冒充公安要求转账' };
    for (let i = 0; i < REPORT_LIMIT; i++) expect((await createReport({ db: t.db, input, reporter, now })).ok).toBe(true);
    expect(await createReport({ db: t.db, input, reporter, now })).toEqual({ ok: false, reason: 'rate_limited' });
    // Another source is unaffected; the window resets after an hour.
    expect((await createReport({ db: t.db, input, reporter: reporterKey('198.51.100.1', 'test-secret'), now })).ok).toBe(true);
    expect((await createReport({ db: t.db, input, reporter, now: new Date(now.getTime() + 3_601_000) })).ok).toBe(true);
    const stored = await t.db.select().from(accountReports);
    expect(stored.every((r) => !r.reporterKey.includes('203.0.113.7'))).toBe(true);
  });

  it('confirming an impostor report flags the account and audits the decision', async () => {
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
    const [report] = await t.db.select().from(accountReports).limit(1);
    expect(await resolveReport({ db: t.db, id: report!.id, decision: 'confirmed_impostor', actorId: admin!.id })).toBe(true);
    expect(await resolveReport({ db: t.db, id: report!.id, decision: 'dismissed', actorId: admin!.id })).toBe(false);
    const [flagged] = await t.db.select().from(accounts).where(eq(accounts.wechatId, 'pazq_fw'));
    expect(flagged?.flaggedImpostor).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'directory.report_resolved'));
    expect(audit).toHaveLength(1);
    expect((await verifyAccount({ db: t.db, q: 'pazq_fw' })).account?.flaggedImpostor).toBe(true);
  });

  it('lists look-alike pairs for review until a platform admin decides', async () => {
    const pairs = await listLookalikePairs({ db: t.db });
    const pair = pairs.find((p) => p.account.slug === 'zhongshan-gaj-lookalike');
    expect(pair?.official.slug).toBe('zhongshan-police');
    expect(pair?.reason).toBe('department_name');
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
    await reviewLookalike({ db: t.db, accountId: pair!.account.id, officialAccountId: pair!.official.id, decision: 'impostor', actorId: admin!.id });
    const after = await listLookalikePairs({ db: t.db });
    expect(after.find((p) => p.account.slug === 'zhongshan-gaj-lookalike')).toBeUndefined();
  });
});
