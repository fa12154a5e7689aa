import type { Browser, BrowserContext } from 'playwright-core';
import { newContext } from './browser';

/**
 * An invitation link made the way an account admin makes one (the members page), for suites that
 * need a live /invite/<token> page (tests/e2e/accessibility.test.ts). Returns the link's path.
 */
export async function makeInvitationPath(browser: Browser, adminSession: Awaited<ReturnType<BrowserContext['storageState']>>, slug: string): Promise<string> {
  const context = await newContext(browser, { storageState: adminSession });
  try {
    const page = await context.newPage();
    await page.goto(`/admin/accounts/${slug}/staff`);
    await page.getByLabel('邮箱', { exact: true }).fill(`a11y-${Date.now()}@example.cn`);
    await page.getByRole('button', { name: '生成邀请链接' }).click();
    const link = page.getByTestId('invite-link');
    await link.waitFor();
    return new URL(await link.inputValue()).pathname;
  } finally {
    await context.close();
  }
}
