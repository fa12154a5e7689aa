import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoCredentials, nowSeconds } from '../helpers/webhook';
import { composeInboundRequest } from '../../lib/wechat/compose';
import { baseUrl, newContext, PHONE, sharedBrowser, signIn } from './browser';

/**
 * Issue 12 §4 on a 390 px phone: an account admin reads their account's audit log (a row their own
 * action wrote a moment ago), filters it, cannot open the platform's log, which a platform admin
 * can; and a signed but unparseable push sent to the real webhook shows on the quarantine page,
 * as text, inside its box. docs/admin.md "Audit log and quarantine".
 */
const browser = sharedBrowser();

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  // Against the phone's width, not innerWidth: a mobile browser zooms out to fit a page that
  // overflows, and innerWidth grows with it (1560 px seen with an unwrapped payload).
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.page, JSON.stringify(widths)).toBeLessThanOrEqual(PHONE.viewport.width);
  expect(widths.view, JSON.stringify(widths)).toBe(PHONE.viewport.width);
}

async function youthEventId(): Promise<number> {
  const events = (await (await fetch(`${baseUrl()}/api/v1/events`)).json()) as { data: Array<{ id: number; account: string }> };
  const event = events.data.find((e) => e.account === 'zhongshan-youth');
  if (!event) throw new Error('the demo has no event of zhongshan-youth');
  return event.id;
}

describe('audit log viewer', () => {
  it('shows the account admin the export they just made, filters keep their values, and the page fits a phone', async () => {
    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, 'youth@wegov.local');
      // Exporting the roster writes `event.export` for 中山青年 (app/admin/events/[id]/roster.csv).
      const exported = await page.request.get(`/admin/events/${await youthEventId()}/roster.csv`);
      expect(exported.status()).toBe(200);

      await page.goto('/admin/accounts/zhongshan-youth');
      await page.getByRole('link', { name: '操作记录' }).click();
      await page.waitForURL('**/admin/accounts/zhongshan-youth/audit');
      const row = page.getByTestId('audit-rows').locator('li').filter({ hasText: '导出报名名单' }).first();
      await row.waitFor();
      expect(await row.textContent()).toContain('youth@wegov.local');
      await expectNoHorizontalOverflow(page);

      // Filtered to the inbox, the export is gone; filtered to events, it is back — and the form
      // shows the values it was filtered with.
      const rows = page.getByTestId('audit-rows').or(page.getByText('没有符合条件的记录。'));
      await page.getByLabel('操作类型').selectOption({ label: '咨询收件箱' });
      await page.getByLabel('操作人（姓名或邮箱）').fill('youth@');
      await page.getByRole('button', { name: '筛选', exact: true }).click();
      await page.waitForURL(/action=inbox\./);
      expect(await rows.first().textContent()).not.toContain('导出报名名单');
      await page.getByLabel('操作类型').selectOption({ label: '活动' });
      await page.getByRole('button', { name: '筛选', exact: true }).click();
      await page.waitForURL(/action=event\./);
      expect(await page.getByLabel('操作类型').inputValue()).toBe('event.');
      expect(await page.getByLabel('操作人（姓名或邮箱）').inputValue()).toBe('youth@');
      await page.getByTestId('audit-rows').locator('li').filter({ hasText: '导出报名名单' }).first().waitFor();
      await expectNoHorizontalOverflow(page);

      // An account admin sees the network, not the device (docs/admin.md).
      const where = await page.getByTestId('audit-rows').locator('li').first().locator('dd.font-mono').first().textContent();
      expect(where).toMatch(/\*|—/);

      const platform = await page.goto('/admin/audit');
      expect(platform?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('the platform log is linked from the dashboard and open to a platform admin', async () => {
    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, 'admin@wegov.local');
      await page.getByRole('link', { name: '全平台操作记录' }).click();
      await page.waitForURL('**/admin/audit');
      await page.getByRole('heading', { name: '全平台操作记录' }).waitFor();
      // The admin's own sign-in a moment ago, which belongs to no account.
      await page.getByTestId('audit-rows').locator('li').filter({ hasText: '登录成功' }).filter({ hasText: 'admin@wegov.local' }).first().waitFor();
      await expectNoHorizontalOverflow(page);
    } finally {
      await context.close();
    }
  });
});

describe('quarantined payloads', () => {
  it('a signed push the server cannot parse shows with its reason, escaped, and never widens the page', async () => {
    const marker = `q${randomBytes(4).toString('hex')}`;
    const xml = `<xml><ToUserName>gh_x</ToUserName><Content><script>alert("${marker}")</script>${'A'.repeat(600)}`;
    const { query, body } = composeInboundRequest({
      credentials: demoCredentials('zhongshan-youth'),
      xml,
      encrypt: true,
      timestamp: String(nowSeconds()),
      nonce: String(randomBytes(4).readUInt32BE()),
    });
    const pushed = await fetch(`${baseUrl()}/api/wechat/zhongshan-youth?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
    expect(pushed.status).toBe(200);

    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, 'youth@wegov.local');
      await page.goto('/admin/accounts/zhongshan-youth');
      await page.getByRole('link', { name: '无法解析的推送' }).click();
      await page.waitForURL('**/admin/accounts/zhongshan-youth/quarantine');
      const card = page.getByTestId('quarantine-rows').locator('li').filter({ hasText: marker }).first();
      await card.waitFor();
      expect(await card.textContent()).toContain('XML 格式错误');
      // Shown as text: the script tag is in the box, not in the page.
      expect(await card.locator('pre').textContent()).toContain(`<script>alert("${marker}")</script>`);
      expect(await page.locator('script', { hasText: marker }).count()).toBe(0);
      const box = await card.locator('pre').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await expectNoHorizontalOverflow(page);
    } finally {
      await context.close();
    }
  });
});
