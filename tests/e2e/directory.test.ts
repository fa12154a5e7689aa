import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';

const browser = sharedBrowser();

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('public directory in Chromium', () => {
  it.each(['/', '/accounts/zhaoqing-police', '/verify?q=中山市公安局', '/events'])('%s has no serious or critical axe violations on a phone', async (path) => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('gives the platform admin the review page: each list a region named by its heading, the domain form under its list', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'admin@wegov.local');
    const response = await page.goto('/admin/reports');
    expect(response?.status()).toBe(200);
    for (const name of ['待处理举报', '疑似仿冒（名称相近）', '域名验证']) {
      await page.getByRole('region', { name }).waitFor();
    }
    // The form to add a domain proof stands under the list whether or not it is empty.
    await page.getByRole('region', { name: '域名验证' }).getByRole('heading', { name: '登记域名验证' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('takes a citizen’s report of an impostor to the platform admin, who dismisses it with feedback', async () => {
    const citizen = await newContext(browser(), PHONE);
    const phone = await citizen.newPage();
    await phone.goto('/verify?q=中山市公安局');
    await phone.getByLabel('可疑账号名称').fill('中山公安服务号e2e');
    await phone.getByLabel('为什么觉得可疑').fill('自称公安局，却要求转账缴纳罚款。');
    await phone.getByRole('button', { name: '提交举报' }).click();
    await phone.getByText('谢谢！举报已收到，我们会尽快核查。').waitFor();
    await citizen.close();

    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'admin@wegov.local');
    await page.goto('/admin/reports');
    const reports = page.getByRole('region', { name: '待处理举报' });
    const item = reports.getByRole('listitem').filter({ hasText: '中山公安服务号e2e' });
    await item.waitFor();
    await item.getByRole('button', { name: '驳回' }).click();
    await item.waitFor({ state: 'detached' });
    expect(await reports.textContent()).not.toContain('中山公安服务号e2e');
    await context.close();
  });

  it('updates results as the citizen types, keeps the query in the URL, and Back works', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto('/');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    await page.getByLabel('搜索公众号或要办的事').fill('zsqn');
    await page.waitForURL(/\?q=zsqn/);
    await page.getByRole('heading', { name: '与「zsqn」相关的公众号' }).waitFor();
    await expect.poll(() => page.locator('#results-heading ~ ul li').count()).toBe(1);
    expect(await page.locator('#results-heading ~ ul').textContent()).toContain('中山青年');
    // The search ran without a full page load: the document's navigation entry is unchanged.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('q='));
    await page.getByRole('heading', { name: '公众号', exact: true }).waitFor();
    await context.close();
  });

  it('answers a need with the account, its QR code and what to send', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/?q=${encodeURIComponent('身份证丢了')}`);
    const needs = page.locator('section[aria-labelledby="needs-heading"]');
    expect(await needs.textContent()).toContain('关注后发送「身份证」');
    expect(await needs.getByRole('img', { name: /平安肇庆/ }).count()).toBe(1);
    await context.close();
  });

  it('shows a scannable QR code, the WeChat id and the broadcast archive on the account page', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/accounts/zhaoqing-police');
    const qr = page.getByRole('img', { name: /平安肇庆/ });
    const box = await qr.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(200);
    expect(await page.textContent('body')).toContain('pazq110');
    expect(await page.textContent('body')).toContain('警惕冒充公安机关的诈骗电话');
    const png = await page.request.get('/accounts/zhaoqing-police/qr.png');
    expect(png.headers()['content-type']).toBe('image/png');
    await context.close();
  });

  it('warns that a look-alike is not official and says where to turn instead', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto(`/verify?q=${encodeURIComponent('中山市公安局')}`);
    const result = page.locator('section[aria-labelledby="verify-result"]');
    const text = await result.textContent();
    expect(text).toContain('不是官方账号');
    // Zhongshan's police has no verified account in the demo: no account to follow instead, but 110 and the city's release account.
    expect(text).toContain('目录里还没有中山市公安部门的认证公众号');
    expect(text).toContain('110');
    expect(await result.getByRole('link', { name: '中山发布' }).count()).toBe(1);
    expect(await result.getByRole('link', { name: '平安中山' }).count()).toBe(0);
    await context.close();
  });

  it('keeps a long unbroken query within a 390 px phone on search and verify', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    const long = `https://example.com/${'averyveryverylongpathsegmentwithoutanybreak'.repeat(4)}`;
    for (const path of [`/?q=${encodeURIComponent(long)}`, `/verify?q=${encodeURIComponent(long)}`, `/verify?q=${encodeURIComponent('x'.repeat(100))}`]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it('lets a citizen report a suspicious account', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.goto(`/verify?q=${encodeURIComponent('平安中山')}`);
    await page.getByLabel('为什么觉得可疑').fill('要求我转账到安全账户');
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.getByText('谢谢！举报已收到').waitFor();
    await context.close();
  });
});
