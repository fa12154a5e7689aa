import type { BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../db/demo/accounts';
import { demoCredentials, nextMsgId, signedPush } from '../helpers/webhook';
import { baseUrl, newContext, PHONE, signIn, sharedBrowser } from './browser';

/**
 * The security headers in Chromium against `npm start` (lib/server/security-headers.ts, proxy.ts):
 * every kind of response carries them, pages get a CSP whose nonce is fresh per load and is on
 * every script Next sends, and the pages still work under it — no violation reported while they
 * load and run. A script injected into a page does not run (docs/reliability.md G3, second line).
 * The demo simulator's control API refuses browsers and relayed requests.
 */
const browser = sharedBrowser();

const FIXED = {
  'permissions-policy': expect.stringContaining('camera=(), '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

type Headers = Record<string, string>;

function expectSecurityHeaders(headers: Headers): void {
  expect(headers).toMatchObject(FIXED);
  for (const feature of ['microphone', 'geolocation', 'payment', 'usb']) expect(headers['permissions-policy']).toContain(`${feature}=()`);
  // The portal under test is plain http: HSTS there would lock localhost out of http for a year.
  expect(headers['strict-transport-security']).toBeUndefined();
}

/** The nonce of a page's CSP, after checking the policy's other rules. */
function pageNonce(headers: Headers): string {
  const csp = headers['content-security-policy'] ?? '';
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeDefined();
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(csp).not.toContain("'unsafe-eval'"); // production build
  expect(csp).toContain("img-src 'self' data: blob: mmbiz.qpic.cn *.qpic.cn wx.qlogo.cn thirdwx.qlogo.cn");
  for (const rule of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(rule);
  return nonce!;
}

interface Watched {
  page: Page;
  /** CSP violations seen by the page (`securitypolicyviolation`): "directive blockedURI sample". */
  violations(): Promise<string[]>;
  /** Chromium's console lines about a policy (CSP or Permissions-Policy). */
  consoleLines: string[];
}

/** A page whose CSP violations (the DOM event, and Chromium's console lines) are collected. */
async function watchedPage(context: BrowserContext): Promise<Watched> {
  // Init scripts come from the browser itself, not the page, so the CSP does not apply to them.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`), true);
  });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => {
    if (/content security policy|permissions-policy|refused to/i.test(message.text())) consoleLines.push(message.text());
  });
  return {
    page,
    violations: () => page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]),
    consoleLines,
  };
}

async function expectNoProblems(watched: Watched): Promise<void> {
  expect(await watched.violations()).toEqual([]);
  expect(watched.consoleLines).toEqual([]);
}

async function headersOf(response: PageResponse | null): Promise<Headers> {
  expect(response).not.toBeNull();
  return response!.allHeaders();
}

async function fetchHeaders(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${baseUrl()}${path}`, init);
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** A tiny PNG for the WeChat image host, served by the test instead of the internet. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('security headers and the CSP in Chromium', () => {
  it('gives a public page a nonce CSP that is fresh on every load and on every script, and the page works under it', async () => {
    const context = await newContext(browser());
    const watched = await watchedPage(context);
    const { page } = watched;
    const first = await headersOf(await page.goto('/'));
    expectSecurityHeaders(first);
    const nonce = pageNonce(first);
    // Next put this response's nonce on each of its scripts (the inline flight data included).
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce)).toBe(true);
    // React hydrated: the language switch is client-side code.
    await page.getByText('语言', { exact: true }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Verified government accounts' }).waitFor();
    await page.getByText('Language', { exact: true }).click();
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '已核实的政务公众号' }).waitFor();

    const second = await headersOf(await page.reload());
    expect(pageNonce(second)).not.toBe(nonce);
    // An account page with its QR code, and the verify page's search.
    const account = await headersOf(await page.goto('/accounts/zhaoqing-police'));
    expectSecurityHeaders(account);
    pageNonce(account);
    await page.getByRole('img', { name: /平安肇庆/ }).first().waitFor();
    await page.goto('/verify?q=平安中山');
    await expectNoProblems(watched);
    await context.close();
  });

  it('keeps the login, the admin pages and a citizen image from WeChat working, and blocks injected script and foreign images', async () => {
    const slug = 'zhaoqing-police';
    const credentials = demoCredentials(slug);
    const appId = demoAccounts.find((a) => a.slug === slug)!.appId;
    const openid = `oCsp${Date.now()}`;
    const marker = `看图${Date.now()}`;
    const push = async (fields: Record<string, string | number>) => {
      const request = signedPush({
        slug,
        credentials,
        fields: { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgId: nextMsgId(), ...fields },
      });
      const response = await fetch(request.url.replace('http://localhost', baseUrl()), { method: 'POST', body: request.body, headers: { 'content-type': 'text/xml' } });
      expect(response.status).toBe(200);
    };
    expect(appId).toBeTruthy();
    await push({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/mmbiz_jpg/csp-test/0', MediaId: 'csp-media-1' });
    await push({ MsgType: 'image', PicUrl: 'http://tracker.example/pixel.png', MediaId: 'csp-media-2' });
    await push({ MsgType: 'text', Content: marker });

    const context = await newContext(browser(), PHONE);
    const requested: string[] = [];
    // Both image hosts answer (from the test, never the internet): only the CSP can stop one.
    await context.route(/^http:\/\/(mmbiz\.qpic\.cn|tracker\.example)\//, (route) => {
      requested.push(new URL(route.request().url()).hostname);
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    });
    const watched = await watchedPage(context);
    const { page } = watched;
    const login = await headersOf(await page.goto('/login'));
    expectSecurityHeaders(login);
    pageNonce(login);
    await signIn(page, 'police@wegov.local');
    const inbox = await headersOf(await page.goto('/admin/inbox'));
    expectSecurityHeaders(inbox);
    pageNonce(inbox);
    expect(inbox['cache-control']).toContain('no-store');
    await page.getByRole('link', { name: new RegExp(marker) }).first().click();
    await page.waitForURL(/\/admin\/inbox\/\d+/);
    await page.getByText(marker).first().waitFor();
    const pictures = page.locator('img[src^="http://"]');
    await expect.poll(() => pictures.count()).toBe(2);
    await expect.poll(() => page.locator('img[src^="http://mmbiz.qpic.cn/"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The tracker's image is the only thing refused (once per render of the list), and it was never requested.
    expect(new Set(await watched.violations())).toEqual(new Set(['img-src http://tracker.example/pixel.png ']));
    expect(watched.consoleLines.every((line) => line.includes('tracker.example'))).toBe(true);
    expect(new Set(requested)).toEqual(new Set(['mmbiz.qpic.cn']));

    // Markup that slipped into a page's HTML would not run: no nonce, no inline handlers. The
    // portal's real answer, headers and all, with two injections added on the way to the browser.
    await context.route(/\/admin\/inbox$/, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('</body>', '<script>window.__xss = 1</script><img src="/apple-touch-icon.png?x" onload="window.__xss = 2"></body>');
      await route.fulfill({ response, body: html });
    });
    const injected = await page.goto('/admin/inbox');
    expect((await headersOf(injected))['content-security-policy']).toContain("'strict-dynamic'");
    await page.getByRole('heading', { name: '咨询收件箱' }).waitFor();
    await expect
      .poll(async () => (await watched.violations()).filter((v) => v.includes(' inline ')).map((v) => v.split(' ')[0]).sort())
      .toEqual(['script-src-attr', 'script-src-elem']);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await context.close();
  });

  it('sends them with a 404 page, whose scripts carry the nonce too', async () => {
    const context = await newContext(browser());
    const watched = await watchedPage(context);
    const { page } = watched;
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    const headers = await headersOf(response);
    expectSecurityHeaders(headers);
    const nonce = pageNonce(headers);
    expect(await page.evaluate(() => [...document.scripts].every((s) => s.nonce !== ''))).toBe(true);
    expect(await page.evaluate(() => [...document.scripts].map((s) => s.nonce))).toContain(nonce);
    await expectNoProblems(watched);
    await context.close();
  });

  it('sends them with API answers, static files and the webhook, with a policy that allows nothing', async () => {
    for (const path of ['/api/health', '/api/v1/verify?q=平安中山', '/api/v1/accounts/no-such-account']) {
      const { headers } = await fetchHeaders(path);
      expectSecurityHeaders(headers);
      expect(headers['content-security-policy'], path).toBe(NON_PAGE_CSP);
    }
    // A file from public/ (proxy.ts runs there too, so it has a page's policy: harmless on a PNG).
    const icon = await fetchHeaders('/apple-touch-icon.png');
    expect(icon.status).toBe(200);
    expectSecurityHeaders(icon.headers);
    expect(icon.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto('/');
    const chunk = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[src*="/_next/static/"]')?.src);
    expect(chunk).toBeDefined();
    const asset = await fetchHeaders(new URL(chunk!).pathname);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset.headers);
    await context.close();

    // The webhook is answered by the portal's server itself, before Next: unknown account, bad signature, a real push.
    const unknown = await fetchHeaders('/api/wechat/no-such-account?signature=x&timestamp=1&nonce=1&echostr=hi');
    expect(unknown.status).toBe(404);
    const credentials = demoCredentials('zhaoqing-police');
    const unsigned = await fetchHeaders('/api/wechat/zhaoqing-police', { method: 'POST', body: '<xml/>' });
    expect(unsigned.status).toBe(401);
    const request = signedPush({
      slug: 'zhaoqing-police',
      credentials,
      fields: { ToUserName: credentials.originalId!, FromUserName: 'oCspWebhook', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: '你好', MsgId: nextMsgId() },
    });
    const accepted = await fetchHeaders(new URL(request.url).pathname + new URL(request.url).search, { method: 'POST', body: request.body });
    expect(accepted.status).toBe(200);
    for (const answer of [unknown, unsigned, accepted]) {
      expectSecurityHeaders(answer.headers);
      expect(answer.headers['content-security-policy']).toBe(NON_PAGE_CSP);
    }
  });

  it('keeps the simulator phone working under the CSP', async () => {
    const context = await newContext(browser(), PHONE);
    const watched = await watchedPage(context);
    const { page } = watched;
    const headers = await headersOf(await page.goto('/dev/wechat?account=zhaoqing-police&openid=oCspPhone'));
    expectSecurityHeaders(headers);
    pageNonce(headers);
    await page.getByLabel('消息').fill('身份证');
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByRole('log', { name: '与「平安肇庆」的聊天' }).getByText('身份证补领').waitFor();
    // Nothing refused: the phone's client code carries no zod (lib/wechat/simulator/phone-menu-view.ts),
    // whose parser compilation would need 'unsafe-eval'.
    expect(await watched.violations()).toEqual([]);
    expect(watched.consoleLines).toEqual([]);
    await context.close();
  });

  it("refuses the demo simulator's control API to a browser and to relayed requests, and keeps its fake WeChat API open", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto('/');
    // The portal's own origin, so nothing but the guard stands in the way.
    const fromPage = await page.evaluate(async () => {
      const calls = await fetch('/__wechat-sim/__sim/calls');
      const reset = await fetch('/__wechat-sim/__sim/reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { calls: calls.status, body: await calls.text(), reset: reset.status };
    });
    expect(fromPage).toEqual({ calls: 403, body: JSON.stringify({ error: 'forbidden', reason: 'no_browsers' }), reset: 403 });
    const typed = await page.goto('/__wechat-sim/__sim/conversation?appId=x&openid=y');
    expect(typed?.status()).toBe(403);
    await context.close();

    for (const path of ['/__wechat-sim/__sim/calls', '/__wechat-sim/__sim/script']) {
      const relayed = await fetchHeaders(path, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(relayed.status).toBe(403);
      expectSecurityHeaders(relayed.headers);
    }
    // A program on this machine (the portal's phone routes, these tests) still gets in.
    const local = await fetchHeaders('/__wechat-sim/__sim/health');
    expect(local.status).toBe(200);
    expectSecurityHeaders(local.headers);
    // The fake WeChat endpoint answers as WeChat does, guarded by the AppSecret only.
    const token = await fetchHeaders('/__wechat-sim/cgi-bin/token?grant_type=client_credential&appid=wx-nobody&secret=wrong', {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(token.status).toBe(200);
    expect(JSON.parse(token.body)).toMatchObject({ errcode: expect.any(Number) });
    expectSecurityHeaders(token.headers);
  });
});
