import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as accountsRoute } from '../../app/api/v1/accounts/route';
import { GET as accountRoute } from '../../app/api/v1/accounts/[slug]/route';
import { searchAccounts, suggestAccounts } from '../../lib/directory/search-accounts';
import { searchByNeed } from '../../lib/directory/search-needs';
import { loadDirectoryPage } from '../../lib/directory/directory-page';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

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
    expect(found).toContain('zhaoqing-police-lookalike');
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
    // `_` is a literal underscore: only WeChat ids that contain one.
    expect((await slugs('_')).sort()).toEqual(['zhaoqing-police-lookalike', 'zhongshan-police']);
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
    const lookalike = data.accounts.find((a) => a.slug === 'zhongshan-gaj-lookalike');
    expect(lookalike?.official).toBe(false);
    expect(data.lookalikes.get(lookalike!.id)?.official.slug).toBe('zhongshan-police');
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
    expect(body.data.map((a) => a.slug).sort()).toEqual(['zhaoqing-police-lookalike', 'zhongshan-gaj-lookalike']);
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
