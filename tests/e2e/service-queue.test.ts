import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeFindings, seriousViolations } from './a11y';
import { newContext, PHONE, signIn, sharedBrowser } from './browser';
import { citizenSays } from './citizen';

/**
 * Working the queue on a 390 px phone (docs/citizen-service.md, items 4–5): two staff members in
 * one conversation see each other (viewing, then typing), a macro made on the macros page runs
 * in one click, and a group of the gap report becomes a keyword rule — each page axe-clean.
 * The second staff member is the platform admin: the demo's PGlite belongs to the running
 * portal, so no user can be added beside it; the role checks are in the integration tests.
 */
const SLUG = 'zhongshan-youth';
const browser = sharedBrowser();

const citizenWrites = (openid: string, content: string) => citizenSays(SLUG, openid, content);

async function staffPage(email: string): Promise<Page> {
  const context = await newContext(browser(), PHONE);
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

async function openConversation(page: Page, text: string): Promise<string> {
  await page.goto('/admin/inbox');
  await page.getByRole('link', { name: new RegExp(text) }).first().click();
  await page.waitForURL(/\/admin\/inbox\/\d+$/);
  await page.locator('#timeline > li').first().waitFor();
  return new URL(page.url()).pathname;
}

async function expectAxeClean(page: Page, where: string): Promise<void> {
  const findings = await seriousViolations(page);
  expect(findings, describeFindings(where, findings)).toEqual([]);
}

describe('working the queue on a phone', () => {
  it('warns both staff members of each other, live: viewing, then typing', async () => {
    // Short, so the marker is never taken for a card or phone number and masked in the list.
    const stamp = String(Date.now() % 1_000_000);
    await citizenWrites(`oE2ECollide${stamp}`, `撞单测试 ${stamp}`);
    const youth = await staffPage('youth@wegov.local');
    const admin = await staffPage('admin@wegov.local');
    const path = await openConversation(youth, `撞单测试 ${stamp}`);
    await admin.goto(path);
    await admin.locator('#timeline > li').first().waitFor();

    const warning = (page: Page) => page.getByRole('status', { name: '同事动态' });
    await warning(admin).getByText('团市委 小李 正在查看').waitFor();
    await warning(youth).getByText('平台管理员 正在查看').waitFor();
    await admin.getByLabel('回复内容').pressSequentially('您好，正在为您查询', { delay: 20 });
    await warning(youth).getByText('平台管理员 正在输入').waitFor();
    await expectAxeClean(youth, `${path} with a colleague typing`);

    // Leaving the page clears the warning for the one who stays.
    await admin.goto('/admin/inbox');
    await warning(youth).getByText('平台管理员').waitFor({ state: 'detached' });
    await youth.context().close();
    await admin.context().close();
  });

  it('makes a macro on the macros page and runs it from the conversation in one click', async () => {
    // Short, so the marker is never taken for a card or phone number and masked in the list.
    const stamp = String(Date.now() % 1_000_000);
    const page = await staffPage('youth@wegov.local');
    await page.goto(`/admin/accounts/${SLUG}/macros`);
    await expectAxeClean(page, 'macros page');
    const create = page.locator('form').filter({ has: page.getByRole('button', { name: '新建', exact: true }) });
    // A macro that would do nothing is refused at its field, and what was typed stays.
    await create.getByLabel('名称').fill(`空操作${stamp}`);
    await create.getByRole('button', { name: '新建', exact: true }).click();
    await page.getByText('请填写名称（最多 40 个字），并至少选择一项要做的事。').waitFor();
    await expect.poll(() => page.locator('form').last().getByLabel('名称').inputValue()).toBe(`空操作${stamp}`);

    const name = `志愿证明结案${stamp.slice(-4)}`;
    const form = page.locator('form').last();
    await form.getByLabel('名称').fill(name);
    await form.getByLabel('发送的常用回复').selectOption({ label: '志愿时长证明' });
    await form.getByLabel('添加标签').fill('志愿证明');
    await form.getByLabel('设为状态').selectOption({ label: '已办结' });
    await form.getByLabel('分配给').selectOption({ label: '执行的人自己' });
    await form.getByRole('button', { name: '新建', exact: true }).click();
    await page.getByRole('heading', { name }).waitFor();

    await citizenWrites(`oE2EMacro${stamp}`, `怎么开志愿时长证明 ${stamp}`);
    await openConversation(page, `怎么开志愿时长证明 ${stamp}`);
    await page.getByRole('button', { name: `执行「${name}」` }).click();
    await page.getByText('已执行').waitFor();
    await page.locator('#timeline').getByText('志愿时长证明可在“i志愿”平台自助打印').waitFor();
    await page.getByRole('button', { name: /志愿证明 ✕/ }).waitFor();
    await expect.poll(() => page.locator('select[name="status"]').inputValue()).toBe('resolved');
    await expectAxeClean(page, 'conversation after a macro');
    await page.context().close();
  });

  it('shows a gap group with the staff answer and turns it into a keyword rule in one click', async () => {
    // Short, so the marker is never taken for a card or phone number and masked in the list.
    const stamp = String(Date.now() % 1_000_000);
    const page = await staffPage('youth@wegov.local');
    const questions = ['团员证丢了怎么补办', '请问团员证补办去哪里', '团员证补办需要什么材料'];
    const answer = `团员证补办：到所在团支部申请，凭身份证办理。${stamp}`;
    for (const [i, q] of questions.entries()) {
      await citizenWrites(`oE2EGap${stamp}${i}`, `${q} ${stamp}`);
      await openConversation(page, `${q} ${stamp}`);
      await page.getByLabel('回复内容').fill(answer);
      await page.getByRole('button', { name: '发送', exact: true }).click();
      await page.getByText('已提交，正在发送到微信。').waitFor();
    }
    await page.goto(`/admin/accounts/${SLUG}/gaps`);
    const group = page.getByRole('listitem').filter({ hasText: answer }).first();
    await group.getByText('被问了 3 次').waitFor();
    expect(await group.getByLabel('关键词（消息中包含即回复）').inputValue()).toContain('团员证');
    // The three questions, and any earlier message of the demo that holds the keyword too.
    const would = /过去 90 天里能自动回答 (\d+) 条消息/.exec(await group.innerText());
    expect(Number(would?.[1])).toBeGreaterThanOrEqual(3);
    await expectAxeClean(page, 'gap report');
    await group.getByRole('button', { name: '生成关键词规则' }).click();
    await page.getByText(`已生成规则：过去 90 天里它能回答 ${would![1]} 条消息。`).waitFor();
    await expectAxeClean(page, 'gap report after a rule');
    await page.context().close();
  });
});
