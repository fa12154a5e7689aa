import { and, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as accountsRoute } from '../../app/api/v1/accounts/route';
import { GET as accountRoute } from '../../app/api/v1/accounts/[slug]/route';
import type { Db } from '../../db/client';
import { accounts, autoReplyRules, regions } from '../../db/schema';
import { demoRegions } from '../../db/demo/regions';
import { CANDIDATE_CAP, LOOK_AHEAD } from '../../lib/directory/directory-order';
import { escapeLike, normalizeQuery, searchExtraFor } from '../../lib/directory/normalize';
import { searchAccounts, suggestAccounts, type SearchAccountsArgs } from '../../lib/directory/search-accounts';
import { searchByNeed } from '../../lib/directory/search-needs';
import { refreshSearchText } from '../../lib/directory/search-text';
import { loadDirectoryPage } from '../../lib/directory/directory-page';
import { createTestDb, type TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

type NewAccount = typeof accounts.$inferInsert;
const account = (a: Pick<NewAccount, 'slug' | 'name'> & Partial<NewAccount>): NewAccount => ({
  type: 'subscription',
  category: 'police',
  searchExtra: searchExtraFor(a.name),
  ...a,
});

/**
 * Accounts these tests rely on, beside the demo's own (which tell the demo's story and may
 * change): an unofficial account whose name starts with an official one's, an official police
 * account and an unofficial one named after its department.
 */
const FIXTURES: NewAccount[] = [
  account({ slug: 'fixture-zq-service', name: '平安肇庆服务', wechatId: 'pazq_fw_test', regionCode: '441200', department: '个人', followerCount: 1_100 }),
  account({ slug: 'fixture-zs-official', name: '中山公安', wechatId: 'zsga_test', regionCode: '442000', department: '中山市公安局', verified: true, verifiedBy: '微信认证', verificationMethod: 'wechat_certified', followerCount: 9_000_000 }),
  account({ slug: 'fixture-zs-gaj', name: '中山市公安局', wechatId: 'zsgaj2020', regionCode: '442000', department: '个人', followerCount: 900 }),
];

let t: TestDb;
beforeAll(async () => {
  t = await createSeededAppDb();
  await t.db.insert(accounts).values(FIXTURES);
});
afterAll(async () => {
  await t.close();
});

/**
 * What search must return, written the plain way (docs/directory.md "Search design"): every
 * term anywhere in `search_text`, ranked exact name or WeChat id → name or first spelling
 * starts with the query → name contains it → the rest; then official, followers, slug.
 */
async function reference(db: Db, args: Pick<SearchAccountsArgs, 'q' | 'category' | 'verified'>): Promise<string[]> {
  const q = args.q ? normalizeQuery(args.q) : '';
  const e = escapeLike(q);
  const where: SQL[] = [sql`${accounts.disabledAt} is null`];
  for (const term of q.split(' ').filter(Boolean)) where.push(sql`${accounts.searchText} like ${`%${escapeLike(term)}%`}`);
  if (args.category) where.push(eq(accounts.category, args.category));
  if (args.verified !== undefined) where.push(sql`(${accounts.verified} and not ${accounts.flaggedImpostor}) = ${args.verified}`);
  const rank = q
    ? [
        sql`(case when lower(${accounts.name}) = ${q} or lower(coalesce(${accounts.wechatId}, '')) = ${q} then 0
          when lower(${accounts.name}) like ${`${e}%`} or ${accounts.searchExtra} like ${`${e}%`} then 1
          when lower(${accounts.name}) like ${`%${e}%`} then 2 else 3 end)`,
      ]
    : [];
  const rows = await db
    .select({ slug: accounts.slug })
    .from(accounts)
    .where(and(...where))
    .orderBy(...rank, sql`(case when ${accounts.verified} and not ${accounts.flaggedImpostor} then 0 else 1 end)`, sql`(-${accounts.followerCount})`, accounts.slug);
  return rows.map((r) => r.slug);
}

/** Every page of a search, following the cursor. */
async function allPages(db: Db, args: Omit<SearchAccountsArgs, 'db' | 'cursor'>, maxPages = 1000): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await searchAccounts({ db, ...args, cursor });
    seen.push(...result.items.map((a) => a.slug));
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return seen;
}

const slugs = async (q: string) => (await searchAccounts({ db: t.db, q })).items.map((a) => a.slug);

describe('directory search', () => {
  it.each([
    ['simplified name', '平安肇庆', 'zhaoqing-police'],
    ['traditional name', '平安肇慶', 'zhaoqing-police'],
    ['full pinyin', 'zhongshanqingnian', 'zhongshan-youth'],
    ['pinyin with spaces and capitals', 'Zhongshan Qingnian', 'zhongshan-youth'],
    ['pinyin initials', 'zsqn', 'zhongshan-youth'],
    ['WeChat id', 'pazq110', 'zhaoqing-police'],
    ['partial word', '肇庆', 'zhaoqing-police'],
    ['full-width letters', 'ＺＳＱＮ', 'zhongshan-youth'],
  ])('finds an account by its %s', async (_kind, q, slug) => {
    expect(await slugs(q)).toContain(slug);
  });

  it('ranks the exact name first, before look-alikes containing it', async () => {
    const found = await slugs('平安肇庆');
    expect(found[0]).toBe('zhaoqing-police');
    expect(found).toContain('fixture-zq-service');
  });

  it('requires every word of a multi-word query', async () => {
    expect(await slugs('中山 天气')).toEqual(['zhongshan-weather']);
  });

  it('filters by city including its districts, and by category', async () => {
    const zhaoqing = (await searchAccounts({ db: t.db, region: '441200' })).items.map((a) => a.slug);
    expect(zhaoqing).toContain('duanzhou-youth');
    expect(zhaoqing).not.toContain('zhongshan-youth');
    const weather = (await searchAccounts({ db: t.db, category: 'weather' })).items;
    expect(weather.length).toBeGreaterThan(0);
    expect(weather.every((a) => a.category === 'weather')).toBe(true);
  });

  it('treats LIKE wildcards and SQL as plain text', async () => {
    for (const q of ["' OR 1=1--", '%', '\\', "'; DROP TABLE accounts; --", '%%%%']) {
      expect(await slugs(q)).toEqual([]);
    }
    // `_` is a literal underscore: only accounts with one in their WeChat id.
    const underscored = await t.db.select({ slug: accounts.slug }).from(accounts).where(sql`strpos(${accounts.searchText}, '_') > 0 and ${accounts.disabledAt} is null`);
    expect(underscored.map((a) => a.slug)).toContain('fixture-zq-service');
    expect((await slugs('_')).sort()).toEqual(underscored.map((a) => a.slug).sort());
    expect((await searchAccounts({ db: t.db })).items.length).toBeGreaterThan(10);
  });

  it('pages with a cursor without repeating or skipping accounts', async () => {
    const all = (await searchAccounts({ db: t.db, limit: 50 })).items.map((a) => a.slug);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchAccounts({ db: t.db, limit: 4, cursor });
      seen.push(...page.items.map((a) => a.slug));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('never exposes credentials in public results', async () => {
    const [account] = (await searchAccounts({ db: t.db, q: 'zsqn' })).items;
    const json = JSON.stringify(account);
    expect(json).not.toContain('zsyouth-demo-token');
    expect(json).not.toMatch(/appSecret|encodingAesKey|token/i);
  });

  it('suggests close official names when nothing matches', async () => {
    expect(await slugs('平安肇庆市')).toEqual([]);
    const suggestions = await suggestAccounts({ db: t.db, q: '平安肇庆市' });
    expect(suggestions.map((s) => s.slug)).toContain('zhaoqing-police');
  });
});

describe('directory search order', () => {
  it('returns exactly what the plain query returns, page by page, for every kind of query', async () => {
    const rows = await t.db.select({ name: accounts.name, wechatId: accounts.wechatId, searchExtra: accounts.searchExtra }).from(accounts);
    const queries = new Set<string>(['中山 天气', '平安 zq', '%', '_', 'q', '安', 'zs', 'qingnian']);
    for (const row of rows) {
      const chars = [...row.name];
      queries.add(row.name);
      queries.add(chars.slice(0, 2).join(''));
      queries.add(chars.slice(1, 3).join(''));
      queries.add(chars.at(-1)!);
      if (row.wechatId) queries.add(row.wechatId).add(row.wechatId.slice(0, 3));
      for (const spelling of row.searchExtra.split(' ')) queries.add(spelling).add(spelling.slice(1, 5));
    }
    for (const q of queries) {
      const want = await reference(t.db, { q });
      // Page sizes below the directory's size make the search read candidates and resume
      // after cursors, not just look at everything at once.
      for (const limit of [1, 3, 20]) expect(await allPages(t.db, { q, limit }), `${q} by ${limit}`).toEqual(want);
    }
  });

  it('keeps filters and the cursor across ranks', async () => {
    for (const args of [{ q: '平安', verified: false }, { q: '平安', verified: true }, { q: '中山', category: 'police' as const }, { category: 'weather' as const }, { verified: false }]) {
      expect(await allPages(t.db, { ...args, limit: 1 }), JSON.stringify(args)).toEqual(await reference(t.db, args));
    }
  });
});

describe('directory search at scale', () => {
  // Enough accounts for every way a part is read (docs/directory.md): 2,100 unofficial accounts
  // named 测试… behind 700 official ones, so 测试 has more than CANDIDATE_CAP matches and none
  // among the first accounts in the result order — the walk; 石 and 江 sit in between.
  let big: TestDb;
  const place = (i: number) => '岐榄沙湾石桥龙凤江海'[i % 10]! + '坪塘埔田洲溪城港头源'[Math.floor(i / 10) % 10]!;
  beforeAll(async () => {
    big = await createTestDb();
    await big.db.insert(regions).values(demoRegions);
    const rows: NewAccount[] = [];
    for (let i = 0; i < 700; i++) {
      rows.push(account({ slug: `official-${i}`, name: `${place(i)}${['青年', '发布', '天气'][i % 3]}`, wechatId: `gov${i}`, category: 'government', verified: true, followerCount: 1_000_000 - i, regionCode: i % 2 ? '442000' : '441202' }));
    }
    for (let i = 0; i < 2_100; i++) rows.push(account({ slug: `test-${i}`, name: `测试${place(i)}${i % 7}`, wechatId: `cs_${i}`, followerCount: i % 500, regionCode: '441200' }));
    for (let i = 0; i < rows.length; i += 500) await big.db.insert(accounts).values(rows.slice(i, i + 500));
  }, 120_000);
  afterAll(async () => {
    await big.close();
  });

  it('walks the order index for a common term that the first accounts do not match', async () => {
    const matches = await reference(big.db, { q: '测试' });
    expect(matches.length).toBeGreaterThan(CANDIDATE_CAP);
    const first = (await reference(big.db, {})).slice(0, 21 * LOOK_AHEAD);
    expect(first.filter((slug) => matches.includes(slug))).toEqual([]);
    expect(await allPages(big.db, { q: '测试', limit: 20 }, 3)).toEqual(matches.slice(0, 60));
    expect(await allPages(big.db, { q: '测试 坪', limit: 50 }, 2)).toEqual((await reference(big.db, { q: '测试 坪' })).slice(0, 100));
  });

  it.each(['石', '江坪', '沙塘青年', 'cs_1', 'gov7', 'ceshi', 'cs', '天气', 'fabu', 'qn', '测试沙'])('returns what the plain query returns for %s', async (q) => {
    const want = await reference(big.db, { q });
    expect(await allPages(big.db, { q, limit: 20 }, 4)).toEqual(want.slice(0, 80));
    expect(await allPages(big.db, { q, limit: 50, verified: false }, 2)).toEqual((await reference(big.db, { q, verified: false })).slice(0, 100));
  });

  it('filters a region among thousands of accounts', async () => {
    const zhaoqing = await searchAccounts({ db: big.db, region: '441200', limit: 50 });
    expect(zhaoqing.items.every((a) => ['441200', '441202', '441203', '441204'].includes(a.region!.code))).toBe(true);
    expect(zhaoqing.items[0]?.slug).toBe('official-0');
  });
});

describe('search stays right as accounts change', () => {
  // Every index behind the search is an expression index PostgreSQL maintains on each write;
  // only the pinyin in search_extra waits for refreshSearchText.
  const found = async (q: string, slug: string) => (await allPages(t.db, { q, limit: 50 })).includes(slug);

  it('finds a new account by every spelling, and a renamed one by its new name only', async () => {
    await t.db.insert(accounts).values({ slug: 'fixture-new', name: '石岐河畔志愿队', wechatId: 'qihe_vol', type: 'subscription', category: 'youth', verified: true });
    expect(await found('石岐河畔志愿队', 'fixture-new')).toBe(true);
    expect(await found('石岐', 'fixture-new')).toBe(true);
    expect(await found('河畔', 'fixture-new')).toBe(true);
    expect(await found('qihe_vol', 'fixture-new')).toBe(true);
    expect(await found('shiqihepan', 'fixture-new')).toBe(false);
    await refreshSearchText({ db: t.db });
    expect(await found('shiqihepan', 'fixture-new')).toBe(true);
    expect(await found('sqhpzyd', 'fixture-new')).toBe(true);

    await t.db.update(accounts).set({ name: '东区青年志愿者' }).where(eq(accounts.slug, 'fixture-new'));
    expect(await found('东区青年', 'fixture-new')).toBe(true);
    expect(await found('青年志愿', 'fixture-new')).toBe(true);
    expect(await found('河畔', 'fixture-new')).toBe(false);
    await refreshSearchText({ db: t.db });
    expect(await found('dongqu', 'fixture-new')).toBe(true);
    expect(await found('shiqihepan', 'fixture-new')).toBe(false);
    expect(await allPages(t.db, { q: '东区青年志愿者', limit: 5 })).toEqual(await reference(t.db, { q: '东区青年志愿者' }));
  });

  it('drops a deactivated account, and moves an account whose verification or followers change', async () => {
    await t.db.insert(accounts).values(account({ slug: 'fixture-moving', name: '端州天气预警', category: 'weather', verified: true, followerCount: 10 }));
    const before = await allPages(t.db, { q: '天气', limit: 2 });
    expect(before).toEqual(await reference(t.db, { q: '天气' }));
    await t.db.update(accounts).set({ followerCount: 99_000_000 }).where(eq(accounts.slug, 'fixture-moving'));
    const after = await allPages(t.db, { q: '天气', limit: 2 });
    expect(after).toEqual(await reference(t.db, { q: '天气' }));
    expect(after.indexOf('fixture-moving')).toBeLessThan(before.indexOf('fixture-moving'));
    await t.db.update(accounts).set({ flaggedImpostor: true }).where(eq(accounts.slug, 'fixture-moving'));
    expect(await allPages(t.db, { q: '天气', limit: 2 })).toEqual(await reference(t.db, { q: '天气' }));
    expect((await searchAccounts({ db: t.db, q: '端州天气预警', verified: true })).items).toEqual([]);
    await t.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.slug, 'fixture-moving'));
    expect(await found('端州天气预警', 'fixture-moving')).toBe(false);
    expect(await found('天气', 'fixture-moving')).toBe(false);
  });

  it('answers a need from a menu and a keyword as soon as they are saved, and stops when they go', async () => {
    const [row] = await t.db
      .insert(accounts)
      .values(account({ slug: 'fixture-library', name: '端州图书馆', category: 'culture', verified: true, followerCount: 5_000 }))
      .returning({ id: accounts.id });
    const need = async (q: string) => (await searchByNeed({ db: t.db, q, limit: 10 })).find((m) => m.account.slug === 'fixture-library');
    expect(await need('我想借古籍')).toBeUndefined();
    await t.db.update(accounts).set({ menu: { button: [{ type: 'click', name: '馆藏', key: 'A' }, { name: '服务', sub_button: [{ type: 'view', name: '古籍借阅', url: 'https://example.cn/' }] }] } }).where(eq(accounts.id, row!.id));
    expect((await need('我想借古籍'))?.menu).toBe('古籍借阅');
    await t.db.insert(autoReplyRules).values({ accountId: row!.id, kind: 'keyword', matchType: 'exact', pattern: '古籍', reply: { type: 'text', content: '古籍借阅请预约。' } });
    const match = await need('我想借古籍');
    expect(match?.send).toBe('古籍');
    expect(match?.replyPreview).toBe('古籍借阅请预约。');
    await t.db.update(autoReplyRules).set({ enabled: false }).where(eq(autoReplyRules.accountId, row!.id));
    expect((await need('我想借古籍'))?.send ?? null).toBeNull();
    await t.db.update(accounts).set({ verified: false }).where(eq(accounts.id, row!.id));
    expect(await need('我想借古籍')).toBeUndefined();
  });
});

describe('search by need', () => {
  it('answers a lost ID card with the police account and the keyword to send', async () => {
    const [first] = await searchByNeed({ db: t.db, q: '身份证丢了' });
    expect(first?.account.slug).toBe('zhaoqing-police');
    expect(first?.send).toBe('身份证');
  });

  it('answers weekend volunteering with the youth account and its events', async () => {
    const matches = await searchByNeed({ db: t.db, q: '志愿活动' });
    const youth = matches.find((m) => m.account.slug === 'zhongshan-youth');
    expect(youth?.send).toBe('志愿');
    expect(youth?.events.length).toBeGreaterThan(0);
    expect(youth?.events[0]?.registrationKeyword).toMatch(/^报名 \d+$/);
  });

  it('answers a typhoon with a weather account', async () => {
    const matches = await searchByNeed({ db: t.db, q: '颱風' });
    expect(matches[0]?.account.slug).toBe('zhongshan-weather');
    expect(matches[0]?.send).toBe('台风');
  });

  it('never suggests an unofficial account', async () => {
    const matches = await searchByNeed({ db: t.db, q: '公安报警' });
    expect(matches.every((m) => m.account.official)).toBe(true);
  });
});

describe('directory page data', () => {
  it('warns on the look-alikes and points to the official account', async () => {
    const data = await loadDirectoryPage({ db: t.db, q: '中山市公安局' });
    const lookalike = data.accounts.find((a) => a.slug === 'fixture-zs-gaj');
    expect(lookalike?.official).toBe(false);
    expect(data.lookalikes.get(lookalike!.id)?.official.slug).toBe('fixture-zs-official');
  });
});

const get = (path: string, init?: RequestInit) => new Request(`http://localhost${path}`, init);

describe('GET /api/v1/accounts', () => {
  it('answers the documented shape with CORS and an ETag', async () => {
    const response = await accountsRoute(get('/api/v1/accounts?q=zsqn'));
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toMatch(/public/);
    const body = (await response.json()) as { data: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(body.data[0]).toMatchObject({ slug: 'zhongshan-youth', name: '中山青年', wechatId: 'zsqingnian', type: 'subscription', verified: true, category: 'youth' });
    expect(body.data[0]).toHaveProperty('region.code', '442000');
    expect(JSON.stringify(body)).not.toMatch(/token|secret|aes/i);
    const again = await accountsRoute(get('/api/v1/accounts?q=zsqn', { headers: { 'if-none-match': response.headers.get('etag')! } }));
    expect(again.status).toBe(304);
  });

  it('pages with limit and cursor', async () => {
    const first = (await (await accountsRoute(get('/api/v1/accounts?limit=5'))).json()) as { data: Array<{ slug: string }>; nextCursor: string };
    expect(first.data).toHaveLength(5);
    const second = (await (await accountsRoute(get(`/api/v1/accounts?limit=5&cursor=${first.nextCursor}`))).json()) as { data: Array<{ slug: string }> };
    expect(second.data.map((a) => a.slug)).not.toContain(first.data[0]!.slug);
  });

  it('filters verified=false to the look-alikes', async () => {
    const body = (await (await accountsRoute(get('/api/v1/accounts?verified=false'))).json()) as { data: Array<{ slug: string; verified: boolean }> };
    const unofficial = await t.db
      .select({ slug: accounts.slug })
      .from(accounts)
      .where(sql`${accounts.disabledAt} is null and not (${accounts.verified} and not ${accounts.flaggedImpostor})`);
    expect(unofficial.map((a) => a.slug)).toEqual(expect.arrayContaining(['fixture-zq-service', 'fixture-zs-gaj']));
    expect(body.data.map((a) => a.slug).sort()).toEqual(unofficial.map((a) => a.slug).sort());
    expect(body.data.every((a) => !a.verified)).toBe(true);
  });

  it.each([
    ['q over 100 characters', `q=${'a'.repeat(101)}`],
    ['a 10 000 character q', `q=${'x'.repeat(10_000)}`],
    ['limit above 50', 'limit=10000'],
    ['limit zero', 'limit=0'],
    ['unknown category', 'category=spies'],
    ['malformed region', "region=1'--"],
    ['garbage cursor', 'cursor=not-a-cursor'],
    ['non-boolean verified', 'verified=maybe'],
  ])('answers 400 with the error shape for %s', async (_case, query) => {
    const response = await accountsRoute(get(`/api/v1/accounts?${query}`));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(typeof body.error.message).toBe('string');
  });

  it('ignores an unknown sort parameter', async () => {
    const response = await accountsRoute(get('/api/v1/accounts?sort=name";--'));
    expect(response.status).toBe(200);
  });

  it('returns one account, or 404 with the error shape', async () => {
    const ok = await accountRoute(get('/api/v1/accounts/zhaoqing-police'), { params: Promise.resolve({ slug: 'zhaoqing-police' }) });
    expect(((await ok.json()) as { data: { name: string } }).data.name).toBe('平安肇庆');
    const missing = await accountRoute(get('/api/v1/accounts/nope'), { params: Promise.resolve({ slug: 'nope' }) });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
