import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as accountsRoute } from '../../app/api/v1/accounts/route';
import { GET as verifyRoute } from '../../app/api/v1/verify/route';
import { loadDirectoryPage } from '../../lib/directory/directory-page';
import { findLookalikeOf } from '../../lib/directory/lookalike';
import { searchAccounts, suggestAccounts } from '../../lib/directory/search-accounts';
import { searchByNeed } from '../../lib/directory/search-needs';
import { verifyAccount } from '../../lib/directory/verify-account';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

/**
 * A search text holding NUL or other control characters, which PostgreSQL refuses in text
 * (docs/reliability.md §2.2): the API answers 400 with a reason, and the functions the pages call
 * strip NUL, so no caller gets a 500. The portal server refuses such URLs before either
 * (tests/unit/server/request-guard.test.ts, tests/e2e/bad-input.test.ts).
 */
let t: TestDb;
beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

const get = (path: string) => new Request(`http://localhost${path}`);

describe('the API refuses control characters in q', () => {
  it.each([
    ['/api/v1/accounts?q=a%00b'],
    ['/api/v1/accounts?q=%01'],
    ['/api/v1/accounts?q=%7F'],
    ['/api/v1/verify?q=a%00b'],
    ['/api/v1/verify?q=%1B%5B31m'],
  ])('%s → 400 with a reason', async (path) => {
    const response = await (path.startsWith('/api/v1/verify') ? verifyRoute : accountsRoute)(get(path));
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ error: { code: 'bad_request', message: 'q: must not contain control characters' } });
  });

  it('keeps tab and line breaks, which fold into spaces, and the other limits', async () => {
    const tab = (await (await accountsRoute(get('/api/v1/accounts?q=%E5%B9%B3%E5%AE%89%09%E8%82%87%E5%BA%86'))).json()) as { data: Array<{ slug: string }> };
    expect(tab.data.map((a) => a.slug)).toContain('zhaoqing-police');
    const verify = await verifyRoute(get('/api/v1/verify?q=%E5%B9%B3%E5%AE%89%E8%82%87%E5%BA%86%0A'));
    expect(verify.status).toBe(200);
    expect(((await verify.json()) as { status: string }).status).toBe('official');
    expect(await (await verifyRoute(get('/api/v1/verify?q=%20'))).json()).toEqual({ error: { code: 'bad_request', message: 'q: is required' } });
    expect((await accountsRoute(get(`/api/v1/accounts?q=${'a'.repeat(101)}`))).status).toBe(400);
  });
});

describe('the search functions strip NUL', () => {
  it('searchAccounts, suggestAccounts, searchByNeed and the directory page answer as without it', async () => {
    const plain = await searchAccounts({ db: t.db, q: '平安肇庆' });
    const withNul = await searchAccounts({ db: t.db, q: '平安\0肇庆\0' });
    expect(withNul.items.map((a) => a.slug)).toEqual(plain.items.map((a) => a.slug));
    expect(withNul.normalizedQuery).toBe('平安肇庆');
    expect(await suggestAccounts({ db: t.db, q: '平安肇\0' })).toEqual(await suggestAccounts({ db: t.db, q: '平安肇' }));
    expect(await searchByNeed({ db: t.db, q: '\0办身份证' })).toEqual(await searchByNeed({ db: t.db, q: '办身份证' }));
    const page = await loadDirectoryPage({ db: t.db, q: '\0' });
    expect(page.accounts.length).toBeGreaterThan(0);
  });

  it('verifyAccount and findLookalikeOf', async () => {
    const result = await verifyAccount({ db: t.db, q: '平安\0肇庆' });
    expect(result).toMatchObject({ status: 'official', query: '平安肇庆' });
    expect(result.account?.slug).toBe('zhaoqing-police');
    const unknown = await verifyAccount({ db: t.db, q: '平安中\0山\0' });
    expect(unknown.status).toBe((await verifyAccount({ db: t.db, q: '平安中山' })).status);
    expect(await verifyAccount({ db: t.db, q: '\0' })).toMatchObject({ status: 'unknown', account: null });
    const lookalike = await findLookalikeOf({ db: t.db, name: '平安\0肇庆\0' });
    expect(lookalike?.official.slug).toBe('zhaoqing-police');
  });
});
