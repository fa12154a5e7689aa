import { describe, expect, it } from 'vitest';
import { newContext, PHONE, signIn, sharedBrowser } from './browser';

const browser = sharedBrowser();

describe('the portal in Chromium', () => {
  it('serves the public home page in Chinese', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.textContent('body')).toContain('平安肇庆');
    await context.close();
  });

  it('switches the interface to English and back', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto('/');
    await page.getByText('语言', { exact: true }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Verified government accounts' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByText('Language', { exact: true }).click();
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.getByRole('heading', { name: '已核实的政务公众号' }).waitFor();
    await context.close();
  });

  it('refuses a wrong password and lets staff in with the right one, on a phone', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/admin');
    await page.waitForURL(/\/login/);
    await page.getByLabel('邮箱').fill('police@wegov.local');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('邮箱或密码不正确。').waitFor();
    await signIn(page, 'police@wegov.local');
    await page.getByRole('heading', { name: '我的公众号' }).waitFor();
    expect(await page.getByRole('link', { name: /平安肇庆/ }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /中山青年/ }).count()).toBe(0);
    await context.close();
  });

  it("gives an account's staff a 404 for another account's admin page", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    const own = await page.goto('/admin/accounts/zhaoqing-police');
    expect(own?.status()).toBe(200);
    const other = await page.goto('/admin/accounts/zhongshan-youth');
    expect(other?.status()).toBe(404);
    expect(await page.textContent('body')).not.toContain('zsyouth-demo-token');
    await context.close();
  });
});
