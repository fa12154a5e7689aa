import { eq, inArray } from 'drizzle-orm';
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

  it.each([
    ['中山市公安局', 'zhongshan-gaj-lookalike'],
    ['平安中山', 'zhongshan-pingan-lookalike'],
  ])('says not official for %s, an idle account an officer opened, and what Zhongshan has instead', async (q, slug) => {
    const result = await verifyAccount({ db: t.db, q });
    expect(result.status).toBe('not_official');
    expect(result.official).toBe(false);
    expect(result.account).toMatchObject({ slug, official: false, flaggedImpostor: false, department: '个人', verification: null });
    expect(result.account?.description).toMatch(/民警以个人身份开设.*从未通过认证.*闲置.*不是中山市公安局的官方账号/);
    // It imitates no official account: Zhongshan's police has none in the directory yet.
    expect(result.lookalikeOf).toBeNull();
    expect(result.sameKind).toMatchObject({ category: 'police', city: { code: '442000', name: '中山市', nameEn: 'Zhongshan' }, officials: [] });
    // Meanwhile: the city's own official government account.
    expect(result.sameKind?.cityGovernment.map((a) => a.slug)).toEqual(['zhongshan-release']);
    expect(result.sameKind?.cityGovernment.every((a) => a.official)).toBe(true);
  });

  it('says not official for a look-alike by WeChat id', async () => {
    const result = await verifyAccount({ db: t.db, q: 'PinganZS110' });
    expect(result.status).toBe('not_official');
    expect(result.account?.slug).toBe('zhongshan-pingan-lookalike');
  });

  it('points an unofficial account that imitates no one to the official ones of its kind in its city', async () => {
    // A district's account (白云区 is in 广州市), unlike any official name.
    await t.db.insert(accounts).values({ slug: 'baiyun-helper', name: '白云应急小助手', wechatId: 'byyjxzs', type: 'subscription', category: 'emergency', regionCode: '440111', department: '个人', description: '个人运营。', verified: false });
    const result = await verifyAccount({ db: t.db, q: '白云应急小助手' });
    expect(result.status).toBe('not_official');
    expect(result.lookalikeOf).toBeNull();
    expect(result.sameKind?.city.code).toBe('440100');
    expect(result.sameKind?.officials.map((a) => a.slug)).toEqual(['baiyun-emergency']);
    expect(result.sameKind?.cityGovernment).toEqual([]);
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

  it('lists every account of the same name with the facts that tell them apart, officials first', async () => {
    // WeChat names are not unique: a second verified 中山天气 (a district's) and an unverified copy.
    await t.db.insert(accounts).values([
      { slug: 'namesake-weather-official', name: '中山天气', wechatId: 'zstianqi2', originalId: 'gh_namesake0001', type: 'subscription', category: 'weather', regionCode: '442000', department: '中山市气象台', description: '', verified: true },
      { slug: 'namesake-weather-copy', name: '中山天气', wechatId: 'zstq-copy', originalId: 'gh_namesake0002', type: 'subscription', category: 'weather', regionCode: '442000', department: '个人', description: '', verified: false },
    ]);
    const result = await verifyAccount({ db: t.db, q: '中山天气' });
    expect(result.status).toBe('official');
    expect(result.matches.map((a) => [a.slug, a.official, a.wechatId, a.originalId])).toEqual([
      ['namesake-weather-official', true, 'zstianqi2', 'gh_namesake0001'],
      ['zhongshan-weather', true, 'zsweather', 'gh_0a1b2c3d4e02'],
      ['namesake-weather-copy', false, 'zstq-copy', 'gh_namesake0002'],
    ]);
    expect(result.matches.every((a) => 'avatarUrl' in a)).toBe(true);
    // By WeChat id the answer is one account: the id is unique.
    expect((await verifyAccount({ db: t.db, q: 'zsweather' })).matches.map((a) => a.slug)).toEqual(['zhongshan-weather']);
    const body = (await (await verifyRoute(new Request(`http://localhost/api/v1/verify?q=${encodeURIComponent('中山天气')}`))).json()) as { matches: Array<{ slug: string; wechatId: string; originalId: string; avatarUrl: string | null }> };
    expect(body.matches.map((a) => a.slug)).toEqual(['namesake-weather-official', 'zhongshan-weather', 'namesake-weather-copy']);
    expect(body.matches[1]).toMatchObject({ wechatId: 'zsweather', originalId: 'gh_0a1b2c3d4e02', avatarUrl: null });
    await t.db.delete(accounts).where(inArray(accounts.slug, ['namesake-weather-official', 'namesake-weather-copy']));
  });

  it('never calls a partial name official', async () => {
    expect((await verifyAccount({ db: t.db, q: '肇庆' })).official).toBe(false);
  });
});

describe('GET /api/v1/verify', () => {
  const call = (q: string) => verifyRoute(new Request(`http://localhost/api/v1/verify?q=${encodeURIComponent(q)}`));

  it('answers { official, account, lookalikeOf }, pointing to the official account a look-alike imitates', async () => {
    const body = (await (await call('肇庆市公安局')).json()) as { official: boolean; status: string; account: null; lookalikeOf: { slug: string; reason: string } };
    expect(body).toMatchObject({ official: false, status: 'unknown', account: null, lookalikeOf: { slug: 'zhaoqing-police', reason: 'department_name' } });
  });

  it.each(['中山市公安局', '平安中山'])('says %s is not official, and the account itself says why', async (q) => {
    const body = (await (await call(q)).json()) as { official: boolean; status: string; account: { verified: boolean; verification: unknown; department: string; description: string }; lookalikeOf: unknown };
    expect(body).toMatchObject({ official: false, status: 'not_official', lookalikeOf: null });
    expect(body.account).toMatchObject({ verified: false, verification: null, department: '个人' });
    expect(body.account.description).toMatch(/民警以个人身份开设.*从未通过认证.*闲置.*不是中山市公安局的官方账号/);
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
    const input = { name: '平安中山', wechatId: 'pinganzs110', reason: '冒充公安要求转账' };
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
    const [flagged] = await t.db.select().from(accounts).where(eq(accounts.wechatId, 'pinganzs110'));
    expect(flagged?.flaggedImpostor).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'directory.report_resolved'));
    expect(audit).toHaveLength(1);
    expect((await verifyAccount({ db: t.db, q: 'pinganzs110' })).account?.flaggedImpostor).toBe(true);
  });

  it('lists look-alike pairs for review until a platform admin decides', async () => {
    // The demo's look-alikes imitate no official account; this one copies 平安肇庆 with a twist.
    await t.db.insert(accounts).values({ slug: 'zhaoqing-police-copy', name: '平安肇庆服务', wechatId: 'pazq_fw', type: 'subscription', category: 'police', regionCode: '441200', department: '个人', verified: false });
    const pairs = await listLookalikePairs({ db: t.db });
    expect(pairs.find((p) => p.account.slug === 'zhongshan-gaj-lookalike')).toBeUndefined();
    const pair = pairs.find((p) => p.account.slug === 'zhaoqing-police-copy');
    expect(pair?.official.slug).toBe('zhaoqing-police');
    expect(pair?.reason).toBe('contains_name');
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
    await reviewLookalike({ db: t.db, accountId: pair!.account.id, officialAccountId: pair!.official.id, decision: 'impostor', actorId: admin!.id });
    const after = await listLookalikePairs({ db: t.db });
    expect(after.find((p) => p.account.slug === 'zhaoqing-police-copy')).toBeUndefined();
  });
});
