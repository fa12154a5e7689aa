import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

const browser = sharedBrowser();

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The directory on a 390 px phone, as a citizen uses it (issue 11, items 3, 4, 6, 7 and 1). */
describe('public directory on a phone', () => {
  it('verifying an official name shows its WeChat id, original id and avatar, and how to check them in WeChat', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/verify?q=${encodeURIComponent('平安肇庆')}`);
    const result = page.locator('section[aria-labelledby="verify-result"]');
    await result.getByRole('heading', { name: '是官方账号' }).waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('pazq110');
    expect(text).toContain('gh_7b6a5f4e3d2c');
    expect(text).toContain('肇庆市公安局');
    // In plain words, where in WeChat to look and what must match.
    expect(text).toContain('更多资料');
    expect(text).toContain('核对微信号是 pazq110');
    const avatar = result.getByRole('img', { name: '「平安肇庆」的头像' });
    expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect((await avatar.boundingBox())!.width).toBeGreaterThanOrEqual(48);
    await result.getByRole('button', { name: '复制微信号' }).waitFor();
    await context.close();
  });

  it.each(['平安中山', '中山市公安局'])('still warns that the look-alike %s is not official and says where to turn', async (name) => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/verify?q=${encodeURIComponent(name)}`);
    const result = page.locator('section[aria-labelledby="verify-result"]');
    await result.getByRole('heading', { name: '不是官方账号' }).waitFor();
    expect(await result.getByRole('heading', { name: '是官方账号', exact: true }).count()).toBe(0);
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('不要向它提供个人信息或转账');
    expect(text).toContain('110');
    await context.close();
  });

  it('shows the follow QR code as a PNG image that decodes to the follow link, with the WeChat id beside it', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/accounts/zhaoqing-police');
    const follow = page.locator('section[aria-labelledby="follow-heading"]');
    const qr = follow.getByRole('img', { name: '「平安肇庆」的关注二维码' });
    // An <img>, which WeChat's long-press 识别图中二维码 reads; no SVG code left on the page.
    expect(await qr.evaluate((el) => el.tagName)).toBe('IMG');
    expect(await page.locator('svg[role="img"]').count()).toBe(0);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 400)).toBe(true);
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(200);
    expect(box.height).toBeCloseTo(box.width, 0);

    const src = await qr.evaluate((img: HTMLImageElement) => img.currentSrc || img.src);
    const response = await page.request.get(src);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
    const body = await response.body();
    expect(body.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const png = PNG.sync.read(body);
    expect(png.width).toBe(png.height);
    expect(png.width).toBeGreaterThanOrEqual(400);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    expect(decoded).toMatch(/\/dev\/wechat\/follow\?account=zhaoqing-police&scene=directory$/);

    // The text alternative: the id to search for, a copy button and how to follow without scanning.
    const text = (await follow.textContent()) ?? '';
    expect(text).toContain('pazq110');
    expect(text).toContain('识别图中二维码');
    await follow.getByRole('button', { name: '复制微信号' }).waitFor();
    await context.close();
  });

  it('answers a need with the QR code as a PNG image too', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/?q=${encodeURIComponent('身份证丢了')}`);
    const qr = page.locator('section[aria-labelledby="needs-heading"]').getByRole('img', { name: /平安肇庆/ });
    expect(await qr.evaluate((el) => el.tagName)).toBe('IMG');
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await context.close();
  });

  it('makes the whole directory card one link named by the account', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/');
    const cards = page.locator('#results-heading ~ ul > li');
    expect(await cards.count()).toBeGreaterThan(3);
    for (const card of (await cards.all()).slice(0, 4)) {
      await card.scrollIntoViewIfNeeded();
      const links = card.getByRole('link');
      expect(await links.count()).toBe(1);
      const name = (await links.first().textContent())!.trim();
      const href = await links.first().getAttribute('href');
      const box = (await card.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      // A tap anywhere on the card — corners, middle, over the description — lands on that link.
      const points = [
        [box.x + 6, box.y + 6],
        [box.x + box.width - 6, box.y + box.height - 6],
        [box.x + box.width / 2, box.y + box.height / 2],
        [box.x + 6, box.y + box.height - 6],
      ];
      for (const [x, y] of points) {
        const hit = await page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.closest('a')?.getAttribute('href') ?? null, [x, y]);
        expect(hit, `${name} at ${x},${y}`).toBe(href);
      }
      expect(await page.getByRole('link', { name, exact: true }).count()).toBeGreaterThanOrEqual(1);
    }
    // And tapping the card's description opens the account.
    const first = cards.first();
    const href = await first.getByRole('link').getAttribute('href');
    const description = (await first.locator('p').last().boundingBox())!;
    await page.touchscreen.tap(description.x + description.width / 2, description.y + description.height / 2);
    await page.waitForURL(`**${href}`);
    await context.close();
  });

  it.each([
    '/',
    `/?q=${encodeURIComponent('平安')}`,
    `/?q=${encodeURIComponent('身份证丢了')}`,
    `/?q=${encodeURIComponent('平安肇')}&category=weather`,
    '/accounts/zhaoqing-police',
    // An account with upcoming events: its event cards are measured too.
    '/accounts/zhongshan-youth',
    '/accounts/zhongshan-pingan-lookalike',
    '/verify',
    `/verify?q=${encodeURIComponent('平安肇庆')}`,
    `/verify?q=${encodeURIComponent('中山市公安局')}`,
    '/developers',
  ])('every tap target on %s is at least 44×44 px', async (path) => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    // The page's own content, event cards included (whole cards are their link); the site header
    // is measured by tests/e2e/languages.test.ts and tests/e2e/elder-mode.test.ts.
    expect(await smallTapTargets(page, { root: 'main' })).toEqual([]);
    await context.close();
  });

  it('tells a citizen on a 404 what to do instead, without talking of permissions', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    for (const path of ['/no-such-page', '/accounts/no-such-account']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      const main = page.locator('main');
      const text = (await main.textContent()) ?? '';
      expect(text).not.toMatch(/权限|permission/i);
      expect(await main.getByRole('link', { name: '在目录里搜索公众号' }).getAttribute('href')).toBe('/');
      expect(await main.getByRole('link', { name: '核实一个公众号是不是官方的' }).getAttribute('href')).toBe('/verify');
      expect(await main.getByRole('link', { name: '看看近期活动' }).getAttribute('href')).toBe('/events');
      expect(await smallTapTargets(page, { root: 'main' })).toEqual([]);
    }
    await context.close();
  });

  it("gives staff their own 404 inside the admin, which may speak of access, with the way back", async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    const response = await page.goto('/admin/accounts/zhongshan-youth');
    expect(response?.status()).toBe(404);
    const main = page.locator('main');
    expect(await main.textContent()).toContain('没有查看它的权限');
    expect(await main.getByRole('link', { name: '回到工作台' }).getAttribute('href')).toBe('/admin');
    // Not the citizen's 404 and its directory links.
    expect(await main.getByRole('link', { name: '在目录里搜索公众号' }).count()).toBe(0);
    await context.close();
  });

  it('keeps what was typed in the report form on an error and marks only the wrong field', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/verify');
    const name = page.getByLabel('可疑账号名称');
    const wechatId = page.getByLabel('微信号（选填）');
    const reason = page.getByLabel('为什么觉得可疑');
    await name.fill('中山公安服务e2e-phone');
    await wechatId.fill('zsgafw-e2e');
    await reason.fill('骗');
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.getByText('请简单说明原因（2–1000 字）。').waitFor();
    expect(await name.inputValue()).toBe('中山公安服务e2e-phone');
    expect(await wechatId.inputValue()).toBe('zsgafw-e2e');
    expect(await reason.inputValue()).toBe('骗');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-invalid')).toBe('false');
    expect(await wechatId.getAttribute('aria-invalid')).toBe('false');
    // The message stands at the field it is about (aria-describedby), not in a banner over the form.
    const described = await reason.getAttribute('aria-describedby');
    expect(await page.locator(`#${described}`).textContent()).toBe('请简单说明原因（2–1000 字）。');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBe('');
    expect(((await page.locator('form[novalidate] [role="alert"]').textContent()) ?? '').trim()).toBe('');
    // Fix the one field and send: the rest was never retyped.
    await reason.fill('骗子账号，要求转账');
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.getByText('谢谢！举报已收到，我们会尽快核查。').waitFor();
    await context.close();
  });
});
