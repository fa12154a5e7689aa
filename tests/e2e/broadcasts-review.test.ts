import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { translator } from '../../lib/i18n/messages';
import { describeFindings, seriousViolations } from './a11y';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

/**
 * Issue 13 items 1 and 4 on a 390 px phone (docs/broadcasts.md): an editor of 中山青年 composes two
 * news articles — one linked to the account's event — sees the phone preview and the content
 * check, submits; they cannot approve their own work; another user (the platform admin) approves,
 * and the broadcast page shows every step. Each page is axe-clean with 44 px tap targets.
 */
const browser = sharedBrowser();
const t = translator('zh-CN');
const BASE = '/admin/accounts/zhongshan-youth/broadcasts';

async function expectClean(page: Page, where: string) {
  const findings = await seriousViolations(page);
  expect(findings, describeFindings(where, findings)).toEqual([]);
  // What these pages add: the admin bar above them (app/admin/layout.tsx, its first row) is not theirs.
  expect(await smallTapTargets(page, { root: 'main', exclude: 'main > div > div:first-child' }), where).toEqual([]);
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.page, where).toBeLessThanOrEqual(widths.view);
}

describe('compose → submit → approve by another user', () => {
  it('works on a phone, shows the check and the preview, and never lets the author approve', async () => {
    const editor = await newContext(browser(), PHONE);
    const page = await editor.newPage();
    await signIn(page, 'youth@wegov.local');
    await page.goto('/admin/accounts/zhongshan-youth');
    await page.getByRole('link', { name: t('bc.nav') }).click();
    await page.waitForURL(`**${BASE}`);
    await expectClean(page, 'list');
    await page.getByRole('link', { name: t('bc.list.new') }).click();
    await page.waitForURL(`**${BASE}/new`);
    await expectClean(page, 'new');

    // A server-side error keeps what was typed and marks the field.
    await page.locator('[name="articles.0.title"]').fill('E2E 周末志愿活动');
    await page.locator('[name="articles.0.coverUrl"]').fill('http://insecure.example/cover.jpg');
    await page.getByRole('button', { name: t('bc.action.create') }).click();
    await expect.poll(() => page.locator('[name="articles.0.coverUrl"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[name="articles.0.title"]').inputValue()).toBe('E2E 周末志愿活动');
    await expect.poll(() => page.getByText(t('bc.error.article.coverUrl')).count()).toBe(1);

    await page.locator('[name="articles.0.coverUrl"]').fill('https://mmbiz.qpic.cn/e2e/cover.jpg');
    await page.locator('[name="articles.0.coverAlt"]').fill('志愿者在岐江边清理垃圾');
    await page.locator('[name="articles.0.body"]').fill('本周六上午九点在岐江公园南门集合。\n报名请联系 13800138000。');
    // The link comes from the account's published events.
    await page.getByLabel(t('bc.article.event')).first().selectOption({ label: '岐江河畔清洁行动' });
    expect(await page.locator('[name="articles.0.link"]').inputValue()).toMatch(/\/events\/\d+$/);
    await page.getByRole('button', { name: /添加一篇文章/ }).click();
    await page.locator('[name="articles.1.title"]').fill('E2E 第二篇：安全提示');
    await page.locator('[name="articles.1.coverUrl"]').fill('https://mmbiz.qpic.cn/e2e/2.jpg');
    await page.locator('[name="articles.1.body"]').fill('请穿运动鞋，注意防晒。');
    // The phone preview follows what is typed.
    const preview = page.getByRole('figure', { name: t('bc.preview.label') });
    await expect.poll(() => preview.getByText('E2E 第二篇：安全提示').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: t('bc.action.create') }).click();
    await page.waitForURL(new RegExp(`${BASE}/\\d+$`));
    const id = Number(/(\d+)$/.exec(page.url())![1]);

    // The content check: the mobile number and the second cover's missing description, each placed.
    const problems = page.getByTestId('check-problems').getByRole('listitem');
    const found = await problems.allTextContents();
    expect(found.some((p) => p.includes(t('bc.check.kind.mobile')) && p.includes('第 1 篇') && p.includes('第 2 段') && p.includes('138****8000')), found.join(' | ')).toBe(true);
    expect(found.some((p) => p.includes(t('bc.check.kind.image_alt')) && p.includes('第 2 篇')), found.join(' | ')).toBe(true);
    await expectClean(page, 'draft');

    await page.getByRole('button', { name: t('bc.detail.submit') }).click();
    await expect.poll(() => page.getByText(t('bc.status.in_review'), { exact: true }).count()).toBeGreaterThan(0);
    await page.reload();
    // The author holds the review permission (account admin) but it is their own work.
    await expect.poll(() => page.getByTestId('review-blocked').textContent()).toContain(t('bc.result.own_work'));
    expect(await page.getByRole('button', { name: t('bc.detail.approve') }).count()).toBe(0);

    // Another user reviews.
    const reviewer = await newContext(browser(), PHONE);
    const other = await reviewer.newPage();
    await signIn(other, 'admin@wegov.local');
    await other.goto(`${BASE}/${id}`);
    await other.getByRole('region', { name: t('bc.check.heading') }).waitFor();
    await expectClean(other, 'review');
    await other.getByLabel(t('bc.detail.comment')).fill('电话已确认可以公开。');
    await other.getByRole('button', { name: t('bc.detail.approve') }).click();
    // The level shows who passed it; the review form is gone (nothing is left to decide).
    await expect.poll(() => other.getByTestId('review-levels').textContent()).toContain(t('bc.detail.level.approved', { name: '平台管理员' }));
    await other.reload();
    expect(await other.getByRole('button', { name: t('bc.detail.approve') }).count()).toBe(0);
    await expect.poll(() => other.getByText(t('bc.status.approved'), { exact: true }).count()).toBeGreaterThan(0);
    const steps = await other.getByTestId('timeline').getByRole('listitem').allTextContents();
    expect(steps.map((s) => s.replace(/\s+/g, ' ')), steps.join(' | ')).toEqual([
      expect.stringContaining(t('bc.timeline.broadcast.create')),
      expect.stringContaining(t('bc.timeline.broadcast.submit')),
      expect.stringMatching(/平台管理员.*通过：审核.*全部审核通过.*电话已确认可以公开/),
    ]);

    // The list shows it approved, and the status filter finds it.
    await page.goto(`${BASE}?status=approved`);
    expect(await page.getByTestId('broadcasts').getByRole('link', { name: /E2E 周末志愿活动/ }).getAttribute('href')).toBe(`${BASE}/${id}`);
    await editor.close();
    await reviewer.close();
  });

  it('lets the account admin set levels and add a word, which the check then finds', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'youth@wegov.local');
    await page.goto(`${BASE}/review-settings`);
    await expectClean(page, 'settings');
    await page.getByLabel(t('bc.settings.word')).fill('E2E错词');
    await page.getByLabel(t('bc.settings.suggestion')).fill('E2E正词');
    await page.getByRole('button', { name: t('bc.settings.add') }).click();
    await expect.poll(() => page.getByTestId('wording').getByRole('button', { name: t('bc.settings.remove', { word: 'E2E错词' }) }).count()).toBe(1);
    await page.goto(`${BASE}/new`);
    await page.getByRole('radio', { name: t('bc.type.text') }).check();
    await page.locator('[name="text"]').fill('这里有一个E2E错词。');
    await page.getByRole('button', { name: t('bc.action.create') }).click();
    await page.waitForURL(new RegExp(`${BASE}/\\d+$`));
    const found = await page.getByTestId('check-problems').getByRole('listitem').allTextContents();
    expect(found.some((p) => p.includes('E2E正词')), found.join(' | ')).toBe(true);
    await context.close();
  });
});
