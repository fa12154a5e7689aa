import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, newContext, signIn, sharedBrowser } from './browser';

/**
 * Signing in and out in Chromium (issue 10 items 0–2; docs/reliability.md E7, E10): sign-in
 * arrives where it was asked to go, in one navigation, and only on our own origin; a signed-out
 * session is over on the server, so a copy of its cookie opens nothing.
 */
const browser = sharedBrowser();

/** Every URL the main frame navigates to from now on (document loads and history changes). */
function watchNavigations(page: Page): string[] {
  const urls: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

async function submitLogin(page: Page, email: string, password = 'wegov-demo'): Promise<void> {
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * The page has settled: the network went quiet, and then the admin bar's own live poll (every
 * few seconds) has answered once more — a page looping between URLs would never get here with
 * the same URL.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/inbox/live');
}

async function sessionJson(context: BrowserContext): Promise<Record<string, unknown>> {
  const response = await context.request.get('/api/auth/session');
  expect(response.status()).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('signing in', () => {
  it.each([
    { from: '/admin', lands: '/admin', heading: '我的公众号' },
    { from: '/admin/inbox?account=zhaoqing-police', lands: '/admin/inbox?account=zhaoqing-police', heading: '咨询收件箱' },
    { from: '/login', lands: '/admin', heading: '我的公众号' },
  ])('from $from arrives on $lands in one navigation, and stays there', async ({ from, lands, heading }) => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto(from);
    await page.waitForURL(/\/login/);
    if (from !== '/login') expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(from);

    const navigations = watchNavigations(page);
    await submitLogin(page, 'police@wegov.local');
    await page.waitForURL(`${baseUrl()}${lands}`);
    await page.getByRole('heading', { name: heading }).waitFor();
    await settled(page);

    const target = `${baseUrl()}${lands}`;
    expect(page.url()).toBe(target);
    // Before arriving, only the login page's own history updates (the router syncing its state);
    // then one navigation to the target and at most a same-URL history update — never a loop.
    const arrival = navigations.indexOf(target);
    expect(arrival, navigations.join(' → ')).toBeGreaterThanOrEqual(0);
    expect(navigations.slice(0, arrival).every((url) => new URL(url).pathname === '/login'), navigations.join(' → ')).toBe(true);
    expect(navigations.slice(arrival), navigations.join(' → ')).toEqual(navigations.slice(arrival).map(() => target));
    expect(navigations.length - arrival, navigations.join(' → ')).toBeLessThanOrEqual(2);
    await context.close();
  });

  it.each(['/%5Cevil.example/pwn', '/%09/evil.example/pwn', '/%0a/evil.example/pwn', '//evil.example/pwn', '/%5C/evil.example', 'https://evil.example/pwn'])(
    'with the hostile callbackUrl %s lands on /admin, and nothing is asked of evil.example',
    async (callbackUrl) => {
      const context = await newContext(browser());
      const elsewhere: string[] = [];
      await context.route(
        (url) => url.hostname.endsWith('evil.example'),
        async (route) => {
          elsewhere.push(route.request().url());
          await route.abort();
        },
      );
      const page = await context.newPage();
      await page.goto(`/login?callbackUrl=${callbackUrl}`);
      await submitLogin(page, 'police@wegov.local');
      await page.waitForURL(`${baseUrl()}/admin`);
      await page.getByRole('heading', { name: '我的公众号' }).waitFor();
      await settled(page);
      expect(new URL(page.url()).origin).toBe(baseUrl());
      expect(elsewhere).toEqual([]);
      await context.close();
    },
  );
});

describe('signing out', () => {
  it('ends the session on the server: a copy of its cookie opens nothing, and /api/auth/session issues nothing', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    const copied = await context.cookies();
    expect(copied.some((c) => c.name.endsWith('next-auth.session-token'))).toBe(true);

    // The copy works while the session lives…
    const thief = await newContext(browser());
    await thief.addCookies(copied);
    const thiefPage = await thief.newPage();
    await thiefPage.goto('/admin');
    await thiefPage.getByRole('heading', { name: '我的公众号' }).waitFor();

    await page.getByRole('button', { name: '退出登录', exact: true }).click();
    await page.waitForURL(/\/login/);

    // …and not after sign-out, though the token's signature and expiry are still good.
    const stolen = await newContext(browser());
    await stolen.addCookies(copied);
    const stolenPage = await stolen.newPage();
    await stolenPage.goto('/admin');
    await stolenPage.waitForURL(/\/login/);
    expect(await stolenPage.getByRole('heading', { name: '我的公众号' }).count()).toBe(0);
    expect(await sessionJson(stolen)).toEqual({});
    expect(await sessionJson(thief)).toEqual({});
    await thiefPage.goto('/admin');
    await thiefPage.waitForURL(/\/login/);
    for (const c of [context, thief, stolen]) await c.close();
  });

  it("signing out everywhere ends the user's session in another browser too", async () => {
    const laptop = await newContext(browser());
    const phone = await newContext(browser());
    const laptopPage = await laptop.newPage();
    const phonePage = await phone.newPage();
    await signIn(laptopPage, 'youth@wegov.local');
    await signIn(phonePage, 'youth@wegov.local');
    expect((await sessionJson(phone)).user).toBeTruthy();

    await laptopPage.getByRole('button', { name: '退出所有设备' }).click();
    await laptopPage.waitForURL(/\/login/);

    await phonePage.goto('/admin');
    await phonePage.waitForURL(/\/login/);
    await phonePage.getByText('登录已失效，请重新登录。').waitFor();
    expect(await sessionJson(phone)).toEqual({});
    expect(await sessionJson(laptop)).toEqual({});
    // Signing in again works.
    await signIn(phonePage, 'youth@wegov.local');
    await phonePage.getByRole('heading', { name: '我的公众号' }).waitFor();
    await laptop.close();
    await phone.close();
  });
});
