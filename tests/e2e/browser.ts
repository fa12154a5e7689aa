import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * Debian's Chromium through playwright-core (no browser download). The flags keep it from
 * reaching for the network (updates, sync, QUIC), which CI machines may not have. Playwright
 * gives every launch a fresh temporary profile of its own.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

export const baseUrl = (): string => inject('baseUrl');

/** One Chromium for the test file: launched before its tests, closed after; call inside a file. */
export function sharedBrowser(): () => Browser {
  let launched: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  beforeAll(async () => {
    launched = await launchBrowser();
  });
  afterAll(async () => {
    await launched?.close();
  });
  return () => {
    if (!launched) throw new Error('the browser is not launched yet (call inside a test)');
    return launched.browser;
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
}

/** Signs in through the real login form. */
export async function signIn(page: Page, email: string, password = 'wegov-demo'): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/admin');
}
