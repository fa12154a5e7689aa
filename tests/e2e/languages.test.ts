import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, newContext, PHONE, sharedBrowser } from './browser';
import { headerLine } from './page-audit';

const browser = sharedBrowser();

/**
 * The three UI languages and the public header (docs/accessibility.md), on a phone: Simplified by
 * default, Traditional for readers from Hong Kong, Macao and Taiwan, English; what people wrote
 * stays as written.
 */
const lang = (page: Page) => page.locator('html').getAttribute('lang');

async function pickLanguage(page: Page, menu: string, name: string, code: string): Promise<void> {
  await page.getByText(menu, { exact: true }).click();
  const choice = page.getByRole('button', { name });
  expect(await choice.getAttribute('lang')).toBe(code);
  await choice.click();
  await page.locator(`html[lang="${code}"]`).waitFor({ state: 'attached' });
}

describe('languages', () => {
  it('switches to Traditional Chinese and English from the header, remembers it, and leaves an account name as written', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/');
    expect(await lang(page)).toBe('zh-CN');
    await pickLanguage(page, '语言', '繁體中文', 'zh-Hant');
    await page.getByRole('heading', { name: '已核實的政務公眾號' }).waitFor();
    expect(await page.getByRole('button', { name: '長輩模式' }).count()).toBe(1);
    // The account's name is Simplified as its owner wrote it, not converted with the UI.
    const body = await page.textContent('body');
    expect(body).toContain('平安肇庆');
    expect(body).not.toContain('平安肇慶');
    await page.reload();
    expect(await lang(page)).toBe('zh-Hant');
    expect((await context.cookies()).find((c) => c.name === 'wegov-locale')?.value).toBe('zh-Hant');

    // The simulator shows the account's name marked as Simplified Chinese for screen readers.
    await page.goto('/dev/wechat?account=zhaoqing-police');
    const name = page.getByRole('heading', { name: '平安肇庆', exact: true });
    expect(await name.getAttribute('lang')).toBe('zh-CN');

    await page.goto('/');
    await pickLanguage(page, '語言', 'English', 'en');
    await page.getByRole('heading', { name: 'Verified government accounts' }).waitFor();
    await pickLanguage(page, 'Language', '简体中文', 'zh-CN');
    await page.getByRole('heading', { name: '已核实的政务公众号' }).waitFor();
    await context.close();
  });

  it.each([
    ['zh-TW', 'zh-Hant', '已核實的政務公眾號'],
    ['zh-HK', 'zh-Hant', '已核實的政務公眾號'],
    ['en-GB', 'en', 'Verified government accounts'],
    ['zh-CN', 'zh-CN', '已核实的政务公众号'],
  ])('picks the language of a first visit from Accept-Language %s', async (accept, code, heading) => {
    const context = await newContext(browser(), { ...PHONE, locale: accept });
    const page = await context.newPage();
    await page.goto('/');
    expect(await lang(page)).toBe(code);
    await page.getByRole('heading', { name: heading }).waitFor();
    await context.close();
  });

  it('tells an English or Traditional reader of an account page that its keywords are sent as written, and marks them as Simplified', async () => {
    for (const [code, hint] of [
      ['en', /only in Chinese characters/],
      ['zh-Hant', /照原樣用簡體字發送/],
    ] as const) {
      const context = await newContext(browser(), PHONE);
      await context.addCookies([{ name: 'wegov-locale', value: code, url: baseUrl() }]);
      const page = await context.newPage();
      await page.goto('/accounts/zhaoqing-police');
      await page.getByText(hint).waitFor();
      const chip = page.locator('li', { hasText: /^身份证$/ });
      expect(await chip.getAttribute('lang')).toBe('zh-CN');
      expect(await page.getByRole('heading', { level: 1 }).getAttribute('lang')).toBe('zh-CN');
      await context.close();
    }
    // A Simplified Chinese reader needs no such note.
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/accounts/zhaoqing-police');
    await page.locator('li', { hasText: /^身份证$/ }).waitFor();
    expect(await page.getByText(/照原样用简体字发送/).count()).toBe(0);
    await context.close();
  });

  it('keeps a chosen language over the browser’s', async () => {
    const context = await newContext(browser(), { ...PHONE, locale: 'zh-TW' });
    await context.addCookies([{ name: 'wegov-locale', value: 'en', url: baseUrl() }]);
    const page = await context.newPage();
    await page.goto('/');
    expect(await lang(page)).toBe('en');
    await context.close();
  });
});

describe('the public header on a 390 px phone', () => {
  const cases = [
    ['zh-CN', false],
    ['zh-Hant', false],
    ['en', false],
    ['zh-CN', true],
    ['zh-Hant', true],
    ['en', true],
  ] as const;
  it.each(cases)('fits one line in %s (长辈模式: %s)', async (locale, elder) => {
    const context = await newContext(browser(), PHONE);
    await context.addCookies([
      { name: 'wegov-locale', value: locale, url: baseUrl() },
      ...(elder ? [{ name: 'wegov-elder', value: '1', url: baseUrl() }] : []),
    ]);
    const page = await context.newPage();
    await page.goto('/');
    const line = await headerLine(page);
    // The site's name, 核实, 活动 and the language menu.
    expect(line.labels.length).toBe(4);
    const top = Math.min(...line.tops);
    expect(Math.max(...line.tops) - top).toBeLessThan(8);
    expect(line.headerHeight).toBeLessThan(Math.max(...line.heights) + 12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('offers the simulator in the demo and sends staff to the footer', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/');
    // This portal runs the demo (tests/e2e/portal.ts); outside the demo the link is not offered
    // (tests/unit/i18n/languages.test.ts, "offers the simulator only in the demo").
    await page.getByRole('link', { name: '微信模拟器' }).waitFor();
    expect(await page.locator('header').getByRole('link', { name: /工作台|工作人员/ }).count()).toBe(0);
    const staff = page.locator('footer').getByRole('link', { name: '工作人员入口' });
    expect(await staff.getAttribute('href')).toBe('/admin');
    await context.close();
  });
});
