import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeFindings, seriousViolations } from './a11y';
import { baseUrl, newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

/**
 * The auto-reply rule editor, its test box and the canned replies on a phone (issue 12 §3;
 * docs/admin.md "Auto-replies and canned replies"): an account admin of 中山青年 adds a keyword
 * rule, is told at the field when a regular expression is refused, edits the rule, sees in the test
 * box what a message would get, a citizen's next message gets the edited reply, and the canned
 * replies are reordered with the keyboard. Every page is checked with axe and for tap targets.
 */
const browser = sharedBrowser();
const SLUG = 'zhongshan-youth';
const KEYWORD = `时长证明${Date.now() % 100000}`;

async function checkPage(page: Page, where: string): Promise<void> {
  // After a client-side navigation Next streams the page's <title> in a moment later.
  await page.waitForFunction(() => document.title.trim() !== '');
  expect(await seriousViolations(page), describeFindings(where, await seriousViolations(page))).toEqual([]);
  // This feature's part of the page; the admin bar above it is measured on its own pages.
  expect(await smallTapTargets(page, { root: '[data-testid$="-page"]' }), where).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${where} overflows the phone`).toBeLessThanOrEqual(390);
}

async function citizenSays(text: string): Promise<string | null> {
  const response = await fetch(`${baseUrl()}/dev/wechat/api/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: SLUG, openid: `oRepliesE2e${Date.now()}`, action: { kind: 'text', content: text } }),
  });
  const body = (await response.json()) as { shown: { payload: { content?: string } } | null };
  return body.shown?.payload.content ?? null;
}

describe('auto-reply rules on a phone', () => {
  it('adds a keyword rule, refuses a bad regex at its field, edits the rule, tests it, and the next message gets the new reply', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    try {
      await signIn(page, 'youth@wegov.local');
      await page.goto(`/admin/accounts/${SLUG}`);
      await page.getByRole('link', { name: '自动回复', exact: true }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}/replies`);
      await checkPage(page, 'replies list');

      await page.getByRole('link', { name: '新建规则' }).click();
      await page.waitForURL('**/replies/new');
      await checkPage(page, 'new rule');
      // A regular expression that does not compile: refused next to the field, what was typed kept.
      await page.getByLabel('匹配方式').selectOption('regex');
      await page.getByLabel('正则表达式', { exact: true }).fill('(证明');
      await page.getByLabel('回复文字').fill('不会保存');
      await page.getByRole('button', { name: '创建规则' }).click();
      const pattern = page.getByLabel('正则表达式', { exact: true });
      await expect.poll(() => pattern.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#rule-pattern-error').textContent()).toContain('正则表达式写法有误');
      expect(await pattern.inputValue()).toBe('(证明');
      expect(await page.getByLabel('回复文字').inputValue()).toBe('不会保存');
      await checkPage(page, 'new rule with an error');

      // Now a plain exact keyword.
      await page.getByLabel('匹配方式').selectOption('exact');
      await page.getByLabel('关键词', { exact: true }).fill(KEYWORD);
      await page.getByLabel('回复文字').fill('旧的回复：请到 i志愿 平台打印。');
      await page.getByRole('button', { name: '创建规则' }).click();
      await page.waitForURL(/\/replies\?saved=\d+$/);
      await page.getByRole('status').getByText('已保存，新消息将按新规则回复。').waitFor();

      // Edit it.
      await page.getByRole('link', { name: `修改 ${KEYWORD}` }).click();
      await page.waitForURL(/\/replies\/\d+$/);
      await checkPage(page, 'edit rule');
      await page.getByLabel('回复文字').fill('新的回复：志愿时长证明可在 i志愿 平台自助打印。');
      await page.getByRole('button', { name: '保存规则' }).click();
      await page.getByText('已保存，新消息将按新规则回复。').waitFor();

      // The test box answers with the edited rule and its exact reply.
      await page.getByRole('link', { name: '返回自动回复规则' }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}/replies`);
      await page.getByLabel('市民发来的消息').fill(` ${KEYWORD} `);
      await page.getByRole('button', { name: '测试', exact: true }).click();
      const result = page.getByTestId('test-result');
      await result.getByText('新的回复：志愿时长证明可在 i志愿 平台自助打印。').waitFor();
      expect(await result.textContent()).toContain('完全匹配');
      expect(await result.textContent()).toContain(KEYWORD);
      await checkPage(page, 'replies list with a test result');

      // A citizen's next message through the real webhook gets the edited reply (the webhook's
      // account cache may hold the old rules for its few seconds' TTL, hence the poll).
      // Each poll writes as a new citizen, so the rule's text comes with the new inquiry's case
      // number after it (docs/citizen-service.md §1).
      await expect
        .poll(() => citizenSays(KEYWORD), { timeout: 20_000, interval: 1_000 })
        .toMatch(/^新的回复：志愿时长证明可在 i志愿 平台自助打印。\n\n您的咨询已受理，编号 /);
    } finally {
      await context.close();
    }
  });
});

describe('canned replies on a phone', () => {
  it('moves a reply down with the keyboard, keeps focus on the button, and the order stays', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    try {
      await signIn(page, 'youth@wegov.local');
      await page.goto(`/admin/accounts/${SLUG}/canned-replies`);
      await checkPage(page, 'canned replies');
      const titles = () => page.getByTestId('canned-item').locator('h3').allTextContents();
      const before = await titles();
      expect(before.length).toBeGreaterThanOrEqual(2);
      const down = page.getByRole('button', { name: `下移“${before[0]}”` });
      await down.focus();
      await page.keyboard.press('Enter');
      await expect.poll(titles).toEqual([before[1], before[0], ...before.slice(2)]);
      // Focus is back on a move button of the reply that moved, so Enter can move it again.
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '')).toMatch(new RegExp(`移“${before[0]}”$`));
      await page.reload();
      expect(await titles()).toEqual([before[1], before[0], ...before.slice(2)]);
      // Put it back, for the other files that read the demo.
      await page.getByRole('button', { name: `上移“${before[0]}”` }).click();
      await expect.poll(titles).toEqual(before);
    } finally {
      await context.close();
    }
  });
});
