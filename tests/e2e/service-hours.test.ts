import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { composeInboundRequest, renderInboundXml } from '../../lib/wechat/compose';
import { demoCredentials, nextMsgId, nowSeconds } from '../helpers/webhook';
import { describeFindings, seriousViolations } from './a11y';
import { baseUrl, newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

/**
 * Issue 14 items 2 and 3 on a 390 px phone: an account admin edits office hours (a wrong period
 * is named at its field and what was typed stays), adds and removes a calendar day, and closes
 * the follow-up a citizen's bad rating opened — through the real webhook. docs/citizen-service.md.
 */
const browser = sharedBrowser();
const SLUG = 'zhongshan-youth';

async function citizenSays(openid: string, content: string): Promise<string> {
  const credentials = demoCredentials(SLUG);
  const fields = { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: nowSeconds(), MsgType: 'text', Content: content, MsgId: nextMsgId() };
  const { query, body } = composeInboundRequest({ credentials, xml: renderInboundXml(fields), encrypt: true, timestamp: String(nowSeconds()), nonce: String(randomBytes(4).readUInt32BE()), openid });
  const response = await fetch(`${baseUrl()}/api/wechat/${SLUG}?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The page's own content: the admin header's buttons are the layout's, not these pages'. */
async function expectFitsAndAccessible(page: Page, where: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.viewport.width);
  const findings = await seriousViolations(page);
  expect(findings, describeFindings(where, findings)).toEqual([]);
  expect(await smallTapTargets(page, { root: `[data-testid="${where}"]` })).toEqual([]);
}

describe('office hours', () => {
  it('shows the prefilled 2026 calendar, keeps a wrong period with its error, saves, adds and removes a day', async () => {
    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, 'youth@wegov.local');
      await page.goto(`/admin/accounts/${SLUG}`);
      await page.getByRole('link', { name: '办公时间与节假日' }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}/office-hours`);
      const calendar = page.getByTestId('calendar-days');
      expect(await calendar.locator('li').filter({ hasText: '2026-10-10' }).textContent()).toContain('调休上班');
      expect(await calendar.locator('li').filter({ hasText: '2026-10-01' }).textContent()).toContain('放假');
      await expectFitsAndAccessible(page, 'office-hours-page');

      const tuesday = page.getByLabel('星期二');
      await tuesday.fill('9:00-12:00, 11:00-13:00');
      await page.getByRole('button', { name: '保存办公时间' }).click();
      await page.getByText('请按 9:00-12:00, 13:30-17:30 的格式填写').waitFor();
      expect(await page.getByLabel('星期二').inputValue()).toBe('9:00-12:00, 11:00-13:00');
      expect(await page.getByLabel('星期二').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('星期二').fill('8:30-12:00, 14:00-18:00');
      await page.getByLabel('首次答复时限（工作小时）').fill('6');
      await page.getByRole('button', { name: '保存办公时间' }).click();
      await page.getByText('已保存。').waitFor();
      await page.reload();
      expect(await page.getByLabel('星期二').inputValue()).toBe('8:30-12:00, 14:00-18:00');
      expect(await page.getByLabel('首次答复时限（工作小时）').inputValue()).toBe('6');

      await page.getByLabel('日期', { exact: true }).fill('2026-12-24');
      await page.getByLabel('说明（可选）').fill('单位活动日');
      await page.getByRole('button', { name: '添加', exact: true }).click();
      const added = calendar.locator('li').filter({ hasText: '2026-12-24' });
      await added.waitFor();
      expect(await added.textContent()).toContain('单位活动日');
      await page.getByRole('button', { name: '删除 2026-12-24' }).click();
      await added.waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });
});

describe('follow-ups', () => {
  it('a rating of 1 after staff resolve opens a follow-up the admin closes with what was done', async () => {
    const openid = `oE2eRate${randomBytes(3).toString('hex')}`;
    const marker = `回访测试 ${randomBytes(3).toString('hex')}`;
    await citizenSays(openid, marker);
    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      await signIn(page, 'youth@wegov.local');
      await page.goto('/admin/inbox');
      await page.getByText(marker).first().click();
      await page.waitForURL(/\/admin\/inbox\/\d+/);
      await page.getByLabel('状态').selectOption({ label: '已办结' });
      await page.getByRole('button', { name: '保存', exact: true }).click();
      await page.getByTestId('rating').waitFor();
      expect(await page.getByTestId('rating').textContent()).toContain('已请群众评价');

      await citizenSays(openid, '1');
      await page.reload();
      expect(await page.getByTestId('rating').textContent()).toContain('1 / 5');

      await page.goto(`/admin/accounts/${SLUG}`);
      await page.getByRole('link', { name: '差评回访' }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}/follow-ups`);
      const card = page.getByTestId('follow-ups-open').locator('li').filter({ hasText: '1 / 5 分' }).first();
      await card.waitFor();
      await expectFitsAndAccessible(page, 'follow-ups-page');
      await card.getByRole('button', { name: '记录并关闭' }).click();
      await card.getByText('请填写处理情况').waitFor();
      await card.getByLabel('处理情况').fill('已电话联系，解释了办理流程，群众表示理解。');
      await card.getByRole('button', { name: '记录并关闭' }).click();
      await page.getByTestId('follow-ups-closed').getByText('已电话联系，解释了办理流程').waitFor();
    } finally {
      await context.close();
    }
  });
});
