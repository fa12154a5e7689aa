import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, PHONE, signIn, sharedBrowser } from './browser';
import { citizenSays } from './citizen';

/**
 * The conversation view on a 390 px phone (docs/inbox.md, "A conversation"): the whole history
 * in order and opened at its newest entry, the citizen named by a remark, the canned replies
 * closed with Esc, a reply box that grows, and no due time once resolved.
 */
const SLUG = 'zhongshan-youth';
const browser = sharedBrowser();

const citizenWrites = (openid: string, content: string) => citizenSays(SLUG, openid, content);

async function youthPage(): Promise<Page> {
  const context = await newContext(browser(), PHONE);
  const page = await context.newPage();
  await signIn(page, 'youth@wegov.local');
  return page;
}

/** Opens the conversation whose card shows `text` in the (unresolved) inbox list. */
async function openConversation(page: Page, text: string): Promise<void> {
  await page.goto('/admin/inbox');
  await page.getByRole('link', { name: new RegExp(text) }).first().click();
  await page.waitForURL(/\/admin\/inbox\/\d+$/);
  await page.locator('#timeline > li').first().waitFor();
}

/** The newest entry lies within the screen, above the sticky reply box. */
async function newestInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const last = document.querySelector('#timeline > li:last-child')!.getBoundingClientRect();
    const composer = document.getElementById('composer')!.getBoundingClientRect();
    return last.top >= 0 && last.bottom <= composer.top + 1 && last.height > 0;
  });
}

describe('the conversation view on a phone', () => {
  it('shows citizen messages, automatic replies, the staff reply and a note in order, opened at the newest', async () => {
    const page = await youthPage();
    const openid = `oE2ETimeline${Date.now()}`;
    for (let i = 1; i <= 8; i++) await citizenWrites(openid, `志愿证明第${i}问`);
    await openConversation(page, '志愿证明第8问');
    const reply = `请到“i志愿”平台自助打印 ${Date.now()}`;
    await page.getByLabel('回复内容').fill(reply);
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.getByText('已提交，正在发送到微信。').waitFor();
    await page.getByPlaceholder('写给同事的备注，群众看不到').fill('内部：已电话联系');
    await page.getByRole('button', { name: '添加备注' }).click();
    await page.locator('#timeline').getByText('内部：已电话联系').waitFor();
    await citizenWrites(openid, '最后一个问题：几点开门？');

    // Opened afresh, as from the list: the history is long, and the screen starts at its end.
    await openConversation(page, '最后一个问题');
    const entries = await page.locator('#timeline > li').allInnerTexts();
    const at = (pattern: RegExp) => entries.findIndex((e) => pattern.test(e));
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(at(/志愿证明第1问/)).toBe(0);
    expect(entries[1]).toMatch(/自动回复[\s\S]*收到你的留言啦/);
    expect(at(/志愿证明第8问/)).toBeLessThan(at(new RegExp(reply)));
    expect(entries[at(new RegExp(reply))]).toMatch(/工作人员回复 · /);
    expect(at(new RegExp(reply))).toBeLessThan(at(/内部：已电话联系/));
    expect(entries[at(/内部：已电话联系/)]).toMatch(/内部备注 · 不会发给群众/);
    expect(at(/内部：已电话联系/)).toBeLessThan(at(/最后一个问题/));
    expect(entries.at(-1)).toMatch(/自动回复[\s\S]*收到你的留言啦/);
    await expect.poll(() => newestInView(page)).toBe(true);
    // The heading names the citizen, never by the raw OpenID.
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    expect(heading).toBe(`市民 · 尾号 ${openid.slice(-4)}`);
    await page.context().close();
  });

  it('a remark set in the side panel names the citizen in the heading and the list', async () => {
    const page = await youthPage();
    const openid = `oE2ERemark${Date.now()}`;
    await citizenWrites(openid, '想咨询团员证补办');
    await openConversation(page, '想咨询团员证补办');
    await page.getByLabel('备注名').fill('陈同学（二中）');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('已保存。').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('陈同学（二中）');
    expect(await page.getByLabel('备注名').inputValue()).toBe('陈同学（二中）');
    await page.goto('/admin/inbox');
    const card = page.getByRole('link', { name: /想咨询团员证补办/ }).first();
    expect(await card.innerText()).toContain('陈同学（二中）');
    expect(await card.innerText()).not.toContain(openid);
    await page.context().close();
  });

  it('Esc closes the canned replies and hands focus back to their button; the reply box grows with its text', async () => {
    const page = await youthPage();
    const openid = `oE2EComposer${Date.now()}`;
    await citizenWrites(openid, '活动报名怎么操作');
    await openConversation(page, '活动报名怎么操作');

    const opener = page.getByRole('button', { name: '快捷回复' });
    await opener.click();
    const search = page.getByRole('searchbox', { name: '搜索快捷回复' });
    await search.waitFor();
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await opener.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('canned-opener');
    // From the keyboard: Enter opens it with focus in the search box, Esc comes back.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('canned-search');
    await page.keyboard.press('Escape');
    await search.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('canned-opener');

    const box = page.getByLabel('回复内容');
    const height = async () => (await box.boundingBox())!.height;
    const empty = await height();
    // One long line wraps on a phone: the box grows for wrapped lines, not only for new lines.
    await box.fill('您好，周六上午八点半在岐江公园南门集合，请带上水、帽子和防晒用品，活动大约持续三个小时。');
    expect(await height()).toBeGreaterThan(empty * 1.5);
    await box.fill('第一行\n第二行\n第三行\n第四行');
    const four = await height();
    expect(four).toBeGreaterThan(empty * 2);
    // A long reply stops growing and scrolls, so the box still fits the phone's screen.
    await box.fill(Array.from({ length: 40 }, (_, i) => `第${i + 1}行`).join('\n'));
    const long = await height();
    expect(long).toBeGreaterThan(four);
    expect(long).toBeLessThanOrEqual(844 * 0.4 + 1);
    const composer = (await page.locator('#composer').boundingBox())!;
    expect(composer.y).toBeGreaterThanOrEqual(0);
    expect(composer.y + composer.height).toBeLessThanOrEqual(844 + 1);
    await box.fill('');
    expect(await height()).toBeLessThanOrEqual(empty + 1);
    await page.context().close();
  });

  it('a resolved conversation shows no due time, on the page or in the list', async () => {
    const page = await youthPage();
    const openid = `oE2EResolved${Date.now()}`;
    await citizenWrites(openid, '周末活动几点集合');
    await openConversation(page, '周末活动几点集合');
    await page.getByText(/应在 .* 前回复/).waitFor();
    await page.getByLabel('状态').selectOption({ label: '已办结' });
    // Nothing happens on change alone: the panel saves with its button.
    expect(await page.getByText('已保存。').count()).toBe(0);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('已保存。').waitFor();
    await expect.poll(() => page.getByText(/应在 .* 前回复/).count()).toBe(0);
    await page.goto('/admin/inbox?status=resolved');
    const card = page.getByRole('link', { name: /周末活动几点集合/ }).first();
    await card.waitFor();
    expect(await card.innerText()).not.toMatch(/应在 .* 前回复/);
    await page.context().close();
  });
});
