import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoAccounts } from '../../db/demo/accounts';
import { demoCredentials, nextMsgId, readReply, signedPush } from '../helpers/webhook';
import { baseUrl, newContext, PHONE, signIn, sharedBrowser } from './browser';

/**
 * The inbox end to end, on a phone-sized Chromium against `npm start` (PGlite, demo data, the
 * WeChat simulator at /__wechat-sim, the outbox worker in-process). Citizens write through a
 * signed webhook push over HTTP, exactly as WeChat would deliver it.
 */
const SLUG = 'zhaoqing-police';
const APP_ID = demoAccounts.find((a) => a.slug === SLUG)!.appId;
const credentials = demoCredentials(SLUG);
const CANNED = '您好，身份证补领请携带户口簿到户籍所在地派出所办理，可同时申请临时身份证。';
const HOSTILE = '<img src=x onerror=window.__xss=1>身份证丢了怎么补办';

const browser = sharedBrowser();

/** The citizen writes: WeChat opens their window (simulator) and pushes the message to the webhook. */
async function citizenWrites(openid: string, content: string, opts: { hoursAgo?: number; tellSimulator?: boolean } = {}): Promise<string> {
  const createTime = Math.floor(Date.now() / 1000 - (opts.hoursAgo ?? 0) * 3600);
  if (opts.tellSimulator !== false) {
    const response = await fetch(`${baseUrl()}/__wechat-sim/__sim/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: APP_ID, openid, kind: 'message', at: createTime * 1000 }),
    });
    expect(response.status).toBe(200);
  }
  const fields = { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: createTime, MsgType: 'text', Content: content, MsgId: nextMsgId() };
  const push = signedPush({ slug: SLUG, credentials, fields });
  const response = await fetch(push.url.replace('http://localhost', baseUrl()), { method: 'POST', body: push.body, headers: { 'content-type': 'text/xml' } });
  expect(response.status).toBe(200);
  return response.text();
}

async function simInbox(openid: string): Promise<Array<{ msgtype: string; payload: { content?: string } }>> {
  const response = await fetch(`${baseUrl()}/__wechat-sim/__sim/inbox?appId=${APP_ID}&openid=${openid}`);
  return ((await response.json()) as { messages: Array<{ msgtype: string; payload: { content?: string } }> }).messages;
}

async function openConversation(page: Page, text: string): Promise<void> {
  await page.getByRole('link', { name: new RegExp(text) }).first().click();
  await page.waitForURL(/\/admin\/inbox\/\d+/);
}

describe('staff answer citizens from a phone', () => {
  it('a new message appears live, the agent answers with a canned reply, and the citizen gets it; hostile text stays text', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    await page.goto('/admin/inbox');
    await page.getByRole('heading', { name: '咨询收件箱' }).waitFor();

    const openid = `oE2E${Date.now()}`;
    await citizenWrites(openid, HOSTILE);
    // No reload: the live poll brings it in.
    await page.getByText('身份证丢了怎么补办').first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    await openConversation(page, '身份证丢了怎么补办');
    await page.getByText(HOSTILE).first().waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await page.getByText(/可回复：还剩 5 条/).waitFor();

    await page.getByRole('button', { name: '快捷回复' }).click();
    await page.getByRole('button', { name: /身份证补领/ }).click();
    expect(await page.getByLabel('回复内容').inputValue()).toBe(CANNED);
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByText('已提交，正在发送到微信。').waitFor();

    await expect.poll(async () => (await simInbox(openid)).map((m) => m.payload.content), { timeout: 15_000 }).toEqual([CANNED]);
    await page.getByText('已送达微信').first().waitFor({ timeout: 15_000 });
    await context.close();
  });

  it('with the window closed, the reply waits and arrives as the passive reply of the citizen’s next message', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    const openid = `oE2EClosed${Date.now()}`;
    await citizenWrites(openid, '上周咨询的户籍材料', { hoursAgo: 49, tellSimulator: false });
    await page.goto('/admin/inbox');
    await openConversation(page, '上周咨询的户籍材料');
    await page.getByText(/已超过 48 小时回复时限/).waitFor();
    await page.getByLabel('回复内容').fill('材料已备齐，请周一上午来户籍窗口领取。');
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByText('已保存，将在群众下次发消息时送达。').waitFor();
    await page.getByText('等待群众再次发消息后送达').first().waitFor();
    expect(await simInbox(openid)).toHaveLength(0);

    const body = await citizenWrites(openid, '你好，在吗？');
    expect(readReply(credentials, body)?.fields.Content).toBe('材料已备齐，请周一上午来户籍窗口领取。');
    await page.getByText('已作为被动回复送达').first().waitFor({ timeout: 15_000 });
    await context.close();
  });

  it("gives another account's staff a 404 for the conversation", async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await signIn(page, 'police@wegov.local');
    await page.goto('/admin/inbox');
    const href = await page.locator('a[href^="/admin/inbox/"]').first().getAttribute('href');
    await context.close();
    const other = await newContext(browser());
    const youthPage = await other.newPage();
    await signIn(youthPage, 'youth@wegov.local');
    const response = await youthPage.goto(href!);
    expect(response?.status()).toBe(404);
    expect(await youthPage.textContent('body')).not.toContain('身份证丢了');
    await other.close();
  });
});
