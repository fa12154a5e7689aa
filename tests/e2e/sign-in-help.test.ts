import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newContext, PHONE, sharedBrowser } from './browser';

/**
 * Issue 11 item 11 on a phone: the sign-in page puts the cursor in the email field, and before
 * the last attempts a failure says how many remain before a cool-down (lib/auth/authenticate.ts),
 * keeping what was typed.
 */
const browser = sharedBrowser();

describe('the sign-in page', () => {
  it('has the email field focused on load', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('邮箱').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('email');
    // Typing goes straight into it.
    await page.keyboard.type('police@wegov.local');
    expect(await page.getByLabel('邮箱').inputValue()).toBe('police@wegov.local');
    await context.close();
  });

  it('warns how many attempts remain before a cool-down, only near the end', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/login');
    // An email nobody has: the warning is the same as for a real one, and no colleague's counter moves.
    const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const error = page.locator('#login-error');
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('邮箱').fill(email);
      await page.getByLabel('密码').fill(`wrong-${i}`);
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/callback/credentials');
      await page.getByRole('button', { name: '登录' }).click();
      await answered;
      // The button reads 登录 again in the same render that sets the error line.
      await expect.poll(() => page.locator('form:has(#email) button[type="submit"]').textContent()).toBe('登录');
      texts.push((await error.textContent()) ?? '');
    }
    expect(texts[0]).toBe('邮箱或密码不正确。');
    expect(texts[1]).toBe('邮箱或密码不正确。');
    expect(texts[2]).toBe('邮箱或密码不正确。再错 2 次，就需要等待一段时间才能再试。');
    expect(await page.getByLabel('邮箱').inputValue()).toBe(email);
    await context.close();
  });
});
