import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';

/**
 * Change my password on a phone (issue 12 §2; docs/admin.md "Change my password"): reached from
 * the admin bar; a wrong current password is named next to its field only; a change signs the
 * user out everywhere — this browser and another one — and only the new password signs in.
 * The demo password is put back at the end, so later files can sign in as before.
 */
const browser = sharedBrowser();
const EMAIL = 'police@wegov.local';
const DEMO = 'wegov-demo';
const NEW = 'police-new-password-1';

async function changeFrom(page: Page, current: string, next: string): Promise<void> {
  await page.goto('/admin/account');
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('再次输入新密码').fill(next);
  await page.getByRole('button', { name: '修改密码' }).click();
}

describe('change my password', () => {
  it('refuses a wrong current password at its field, then changes it and ends every session', async () => {
    const here = await newContext(browser(), PHONE);
    const elsewhere = await newContext(browser(), PHONE);
    const page = await here.newPage();
    const other = await elsewhere.newPage();
    let changed = false;
    try {
      await signIn(page, EMAIL);
      await signIn(other, EMAIL);
      await page.getByRole('link', { name: /我的账号/ }).click();
      await page.waitForURL('**/admin/account');

      await changeFrom(page, 'not-the-password', NEW);
      const current = page.getByLabel('当前密码');
      await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#pw-currentPassword-error').textContent()).toBe('当前密码不正确。');
      expect(await page.getByLabel('新密码', { exact: true }).getAttribute('aria-invalid')).toBeNull();
      expect(await page.locator('#pw-newPassword-error').textContent()).toBe('');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('pw-currentPassword');

      await changeFrom(page, DEMO, NEW);
      await page.waitForURL('**/login?error=PasswordChanged');
      changed = true;
      expect(await page.getByText('密码已修改').count()).toBe(1);
      // The other browser's session ended too.
      await other.goto('/admin');
      expect(new URL(other.url()).pathname).toBe('/login');

      await page.getByLabel('邮箱').fill(EMAIL);
      await page.getByLabel('密码').fill(DEMO);
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByText('邮箱或密码不正确').count()).toBeGreaterThan(0);
      await signIn(page, EMAIL, NEW);
    } finally {
      await here.close();
      await elsewhere.close();
      if (changed) {
        const fix = await newContext(browser(), PHONE);
        const restore = await fix.newPage();
        await signIn(restore, EMAIL, NEW);
        await changeFrom(restore, NEW, DEMO);
        await restore.waitForURL('**/login?error=PasswordChanged');
        await fix.close();
      }
    }
  });
});
