import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../db/demo/accounts';
import { shanghaiDay } from '../../lib/time/shanghai';
import { translator } from '../../lib/i18n/messages';
import { demoCredentials, nextMsgId, signedPush } from '../helpers/webhook';
import { describeFindings, seriousViolations } from './a11y';
import { baseUrl, newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

/**
 * Issue 13 end to end on a 390 px phone (docs/broadcasts.md): citizens follow 中山青年 and two of
 * them are tagged in the inbox; the account admin turns trial mode off; an editor composes, the
 * platform admin approves, the editor schedules it for the tag; the simulator shows it delivered
 * to exactly the tag's followers, WeChat's report fills in the counts, and the planner shows the
 * slot used. Every page is axe-clean with 44 px tap targets.
 */
const browser = sharedBrowser();
const t = translator('zh-CN');
const SLUG = 'zhongshan-youth';
const APP_ID = demoAccounts.find((a) => a.slug === SLUG)!.appId;
const credentials = demoCredentials(SLUG);
const BASE = `/admin/accounts/${SLUG}/broadcasts`;
const run = Date.now().toString(36);
const TAG = `E2E交通${run.slice(-3)}`;
const ADMIN_BAR = `div:has(> nav[aria-label="${t('nav.admin')}"])`;
/** The machine is shared: give the server time to answer. */
const WAIT = { timeout: 20_000, interval: 250 };

async function expectClean(page: Page, where: string) {
  const findings = await seriousViolations(page);
  expect(findings, describeFindings(where, findings)).toEqual([]);
  // The admin layout's own bar (sign-out buttons, section links) is measured where it is built, not here.
  expect(await smallTapTargets(page, { exclude: ADMIN_BAR }), where).toEqual([]);
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.page, where).toBeLessThanOrEqual(widths.view);
}

/** A citizen follows (WeChat learns of it) and writes, so the inbox has their conversation. */
async function citizenFollowsAndWrites(openid: string, content: string): Promise<void> {
  const told = await fetch(`${baseUrl()}/__wechat-sim/__sim/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appId: APP_ID, openid, kind: 'subscribe' }),
  });
  expect(told.status).toBe(200);
  const fields = { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'text', Content: content, MsgId: nextMsgId() };
  const push = signedPush({ slug: SLUG, credentials, fields });
  const response = await fetch(push.url.replace('http://localhost', baseUrl()), { method: 'POST', body: push.body, headers: { 'content-type': 'text/xml' } });
  expect(response.status).toBe(200);
}

async function massDeliveries(openid: string): Promise<number> {
  const response = await fetch(`${baseUrl()}/__wechat-sim/__sim/inbox?appId=${APP_ID}&openid=${openid}`);
  const { messages } = (await response.json()) as { messages: Array<{ via: string }> };
  return messages.filter((m) => m.via === 'mass').length;
}

/** `YYYY-MM-DDTHH:MM` in Beijing time, `minutes` from now (what a datetime-local field holds). */
function beijingLocal(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

describe('compose → review by another user → schedule for a tag → delivered → planner', () => {
  it('reaches exactly the tag’s followers, once, and the planner shows the slot used', async () => {
    const citizens = { a: `oBcA${run}`, b: `oBcB${run}`, other: `oBcX${run}` };
    await citizenFollowsAndWrites(citizens.a, `E2E 交通问题甲 ${run}`);
    await citizenFollowsAndWrites(citizens.b, `E2E 交通问题乙 ${run}`);
    await citizenFollowsAndWrites(citizens.other, `E2E 别的问题 ${run}`);

    const editorContext = await newContext(browser(), PHONE);
    const page = await editorContext.newPage();
    await signIn(page, 'youth@wegov.local');

    // Staff tag two of them in the inbox (a tag WeChat does not know yet).
    for (const text of [`E2E 交通问题甲 ${run}`, `E2E 交通问题乙 ${run}`]) {
      await page.goto('/admin/inbox');
      await page.getByRole('link', { name: new RegExp(text) }).first().click();
      await page.waitForURL(/\/admin\/inbox\/\d+/);
      await page.locator('#tag-name').fill(TAG);
      await page.getByRole('button', { name: t('inbox.tags.add'), exact: true }).click();
      await expect.poll(() => page.getByRole('button', { name: new RegExp(TAG) }).count(), WAIT).toBeGreaterThan(0);
    }

    // Trial mode is on for a new account: the account admin turns it off.
    await page.goto(`${BASE}/delivery`);
    await expectClean(page, 'delivery');
    await page.getByRole('button', { name: t('bcd.trial.turnOff') }).click();
    await expect.poll(() => page.getByTestId('trial-state').textContent(), WAIT).toBe(t('bcd.trial.offText'));

    // Compose and submit.
    await page.goto(`${BASE}/new`);
    await page.getByRole('radio', { name: t('bc.type.text') }).check();
    await page.locator('[name="title"]').fill(`E2E 交通管制 ${run}`);
    await page.locator('[name="text"]').fill('本周六上午岐江公园周边道路临时交通管制，请绕行。');
    await page.getByRole('button', { name: t('bc.action.create') }).click();
    await page.waitForURL(new RegExp(`${BASE}/\\d+$`));
    const url = new URL(page.url());
    await page.getByRole('button', { name: t('bc.detail.submit') }).click();
    await expect.poll(() => page.getByText(t('bc.status.in_review'), { exact: true }).count(), WAIT).toBeGreaterThan(0);

    // Another user approves.
    const reviewerContext = await newContext(browser(), PHONE);
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, 'admin@wegov.local');
    await reviewer.goto(url.pathname);
    await reviewer.getByRole('button', { name: t('bc.detail.approve') }).click();
    await expect.poll(() => reviewer.getByText(t('bc.status.approved'), { exact: true }).count(), WAIT).toBeGreaterThan(0);
    await reviewerContext.close();

    // The editor schedules it for the tag: the panel shows the audience of that tag.
    await page.reload();
    const panel = page.getByTestId('send-panel');
    await panel.getByRole('radio', { name: t('bcd.target.tag') }).check();
    await panel.getByLabel(t('bcd.target.tagLabel'), { exact: true }).selectOption({ label: TAG });
    await expect.poll(() => panel.getByTestId('audience-size').textContent(), WAIT).toBe(t('bcd.audience', { n: 2 }));
    await panel.getByRole('radio', { name: t('bcd.when.later') }).check();
    const at = beijingLocal(1);
    await panel.getByLabel(t('bcd.when.at'), { exact: true }).fill(at);
    await expectClean(page, 'send panel');
    await panel.getByRole('button', { name: t('bcd.send.submit') }).click();
    await expect.poll(() => page.getByText(t('bc.status.scheduled'), { exact: true }).count(), WAIT).toBeGreaterThan(0);

    // At the scheduled minute the outbox sends it: exactly the tag's followers, once.
    await expect.poll(async () => [await massDeliveries(citizens.a), await massDeliveries(citizens.b)], { timeout: 120_000, interval: 2_000 }).toEqual([1, 1]);
    expect(await massDeliveries(citizens.other)).toBe(0);
    // WeChat's MASSSENDJOBFINISH reaches the webhook and fills in the counts.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('delivery-counts').textContent();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(`${t('bcd.counts.sent')}2`);
    await expectClean(page, 'sent');

    // The planner shows the day's slot used.
    await page.goto(`${BASE}/planner`);
    const day = shanghaiDay(new Date(`${at}:00+08:00`));
    expect(await page.locator(`[data-period="${day}"]`).getAttribute('data-used')).toBe('1');
    await expect.poll(() => page.getByRole('link', { name: new RegExp(`E2E 交通管制 ${run}`) }).count(), WAIT).toBe(1);
    await expectClean(page, 'planner');
    await page.getByLabel(t('bcd.receipts.tag'), { exact: true }).selectOption({ label: TAG });
    await page.getByRole('button', { name: t('bcd.receipts.submit') }).click();
    await expect.poll(() => page.getByTestId('receipt-usage').textContent(), WAIT).toBe(t('bcd.receipts.noCap', { followers: 2, reached: 2 }));
    expect(await massDeliveries(citizens.a)).toBe(1);
    await editorContext.close();
    // Waits for a scheduled minute on a shared machine.
  }, 300_000);
});
