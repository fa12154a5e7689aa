import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, newContext, PHONE, sharedBrowser, signIn } from './browser';

/**
 * The public event page and web registration on a phone (issue 11, items 1, 2, 6, 13;
 * docs/events.md): what the event is comes first, a bad field keeps what was typed and is marked
 * alone, success is a confirmation with a private cancel link, and that link frees the place for
 * the next person on the waitlist. Staff create the event through the admin form, capacity 1.
 */
const browser = sharedBrowser();

const BODY = ['和志愿者一起清理河畔。', '活动安排：', '- 9:00 集合', '- 9:30 开始清理', '', '报名须知：', '1. 穿运动鞋', '2. 带水杯', '', '咨询电话 138 0013 8000。'].join('\n');
let eventId = 0;
let title = '';

beforeAll(async () => {
  const context = await newContext(browser(), PHONE);
  const page = await context.newPage();
  await signIn(page, 'youth@wegov.local');
  await page.goto('/admin/events/new');
  title = `E2E 河畔清洁 ${Date.now() % 100000}`;
  await page.getByLabel('标题').fill(title);
  await page.getByLabel(/^活动介绍/).fill(BODY);
  await page.getByLabel(/^地点名称/).fill('岐江公园南门');
  await page.getByLabel(/^名额/).fill('1');
  await page.getByLabel(/^联系方式/).fill('团市委 0760-88888888');
  await page.getByRole('button', { name: '创建草稿' }).click();
  await page.waitForURL(/\/admin\/events\/\d+$/);
  eventId = Number(/\/admin\/events\/(\d+)$/.exec(page.url())![1]);
  await page.getByRole('button', { name: '发布' }).click();
  await page.getByText('已发布', { exact: true }).waitFor();
  await context.close();
}, 60_000);

async function fillForm(page: Page, values: { name?: string; phone?: string; consent?: boolean }) {
  if (values.name !== undefined) await page.getByRole('textbox', { name: '姓名', exact: true }).fill(values.name);
  if (values.phone !== undefined) await page.getByRole('textbox', { name: '手机号' }).fill(values.phone);
  if (values.consent) await page.getByRole('checkbox', { name: /我同意/ }).check();
}

async function fieldState(page: Page, label: string | RegExp, role: 'textbox' | 'checkbox' = 'textbox') {
  const field = page.getByRole(role, { name: label });
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const errors = await Promise.all(describedBy.split(/\s+/).filter((id) => id.endsWith('-error')).map((id) => page.locator(`#${id}`).textContent()));
  return { invalid: (await field.getAttribute('aria-invalid')) === 'true', error: errors.join('').trim() };
}

/** Registers on the event page and returns the private cancel link shown on the confirmation. */
async function registerOnPage(page: Page, name: string, phone: string): Promise<string> {
  await page.goto(`/events/${eventId}`);
  await fillForm(page, { name, phone, consent: true });
  await page.getByRole('button', { name: '提交报名' }).click();
  await page.getByTestId('registration-confirmation').waitFor();
  return (await page.getByTestId('cancel-link').getAttribute('href'))!;
}

let firstLink = '';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((x) => x.target.join(' ')).join(', ')}`);
}

describe('the public event page on a phone', () => {
  it('shows what the event is before how to register, lists as lists and phone numbers as tel: links', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/events/${eventId}`);
    const y = async (name: string) => (await page.getByRole('heading', { name, exact: true }).boundingBox())!.y;
    expect(await y(title)).toBeLessThan(await y('活动详情'));
    expect(await y('活动详情')).toBeLessThan(await y('如何报名'));
    expect(await y('活动详情')).toBeLessThan((await page.getByRole('button', { name: '提交报名' }).boundingBox())!.y);

    const body = page.getByTestId('event-body');
    expect(await body.locator('ul > li').allTextContents()).toEqual(['9:00 集合', '9:30 开始清理']);
    expect(await body.locator('ol > li').allTextContents()).toEqual(['穿运动鞋', '带水杯']);
    expect(await body.textContent()).not.toContain('- 9:00');
    expect(await body.getByRole('link', { name: '138 0013 8000' }).getAttribute('href')).toBe('tel:13800138000');

    const contact = page.getByTestId('event-contact').getByRole('link', { name: '0760-88888888' });
    expect(await contact.getAttribute('href')).toBe('tel:076088888888');
    expect((await contact.boundingBox())!.height).toBeGreaterThanOrEqual(44);

    // The keyword, as the account reads it, in its own box.
    expect(await page.getByTestId('event-keyword').textContent()).toBe(`报名 ${eventId}`);
    expect(await page.getByTestId('event-keyword').getAttribute('lang')).toBe('zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('keeps name, phone and consent after a bad phone number and marks only the phone; the retry confirms', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/events/${eventId}`);
    await fillForm(page, { name: '陈小明', phone: '1380013', consent: true });
    await page.getByRole('button', { name: '提交报名' }).click();
    await expect.poll(() => fieldState(page, '手机号')).toEqual({ invalid: true, error: '请填写 11 位手机号。' });
    expect(await page.getByRole('textbox', { name: '姓名', exact: true }).inputValue()).toBe('陈小明');
    expect(await page.getByRole('textbox', { name: '手机号' }).inputValue()).toBe('1380013');
    expect(await page.getByRole('checkbox', { name: /我同意/ }).isChecked()).toBe(true);
    expect(await fieldState(page, '姓名')).toEqual({ invalid: false, error: '' });
    expect(await fieldState(page, /我同意/, 'checkbox')).toEqual({ invalid: false, error: '' });
    // Focus is on the field to fix.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reg-phone');

    // Only the phone is retyped; the retry has nothing else to complain about.
    await fillForm(page, { phone: '138 0013 8001' });
    await page.getByRole('button', { name: '提交报名' }).click();
    const done = page.getByTestId('registration-confirmation');
    await done.waitFor();
    expect(await page.getByRole('button', { name: '提交报名' }).count()).toBe(0);
    const text = (await done.textContent())!;
    expect(text).toContain('报名成功');
    expect(text).toContain(title);
    expect(text).toContain('岐江公园南门');
    expect(text).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(text).toContain('请按时到场');
    expect(text).toContain('网页报名收不到微信提醒');
    expect(await page.getByTestId('registration-reference').textContent()).toMatch(new RegExp(`^${eventId}-\\d{4,}$`));
    firstLink = (await page.getByTestId('cancel-link').getAttribute('href'))!;
    expect(firstLink).toMatch(new RegExp(`^/events/${eventId}/cancel/\\d+\\.[A-Za-z0-9_-]{22}$`));
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('keeps what was typed without JavaScript too', async () => {
    const context = await newContext(browser(), { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`/events/${eventId}`);
    await fillForm(page, { name: '', phone: '13800138002', consent: true });
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '提交报名' }).click()]);
    expect(await fieldState(page, '姓名')).toEqual({ invalid: true, error: '请填写姓名（1–30 字）。' });
    expect(await page.getByRole('textbox', { name: '手机号' }).inputValue()).toBe('13800138002');
    expect(await page.getByRole('checkbox', { name: /我同意/ }).isChecked()).toBe(true);
    expect(await fieldState(page, '手机号')).toEqual({ invalid: false, error: '' });
    await context.close();
  });

  it('the private link frees the place: the next person on the waitlist is confirmed', async () => {
    expect(firstLink).not.toBe('');
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    const secondLink = await registerOnPage(page, '李阿姨', '13800138003');
    expect(await page.getByTestId('registration-confirmation').textContent()).toContain('您已进入候补名单');
    expect(await page.getByTestId('registration-confirmation').textContent()).toContain('按先后顺序递补');

    // Opening the link (as a link previewer would) cancels nothing.
    const opened = await page.goto(firstLink);
    expect(opened?.status()).toBe(200);
    expect(await page.getByTestId('registration-status').textContent()).toBe('已报名');
    await page.goto(secondLink);
    expect(await page.getByTestId('registration-status').textContent()).toBe('候补中');

    await page.goto(firstLink);
    expect(await page.locator('main').textContent()).toContain('陈小明');
    expect(await page.locator('main').textContent()).toContain('138****8001');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '确认取消报名' }).click();
    await expect.poll(() => page.getByTestId('cancel-result').textContent()).toContain('您的报名已取消');
    expect(await page.getByTestId('registration-status').textContent()).toBe('已取消');

    await page.goto(secondLink);
    expect(await page.getByTestId('registration-status').textContent()).toBe('已报名');
    await page.goto(`/events/${eventId}`);
    expect(await page.locator('main').textContent()).toContain('1 / 1 人已报名');

    // Cancelling again is harmless; a forged or another event's token is a 404.
    await page.goto(firstLink);
    expect(await page.getByRole('button', { name: '确认取消报名' }).count()).toBe(0);
    const token = firstLink.split('/').at(-1)!;
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const path of [`/events/${eventId}/cancel/${forged}`, `/events/${eventId - 1}/cancel/${token}`, `/events/${eventId}/cancel/1`]) {
      expect((await fetch(`${baseUrl()}${path}`)).status, path).toBe(404);
    }
    await context.close();
  });
});

describe('event cards on /events', () => {
  it('show the keyword, look like links and are tapped anywhere, at least 44 px high', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/events');
    const cards = page.getByTestId('event-card');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) {
      const keyword = (await card.getByTestId('event-card-keyword').textContent())!;
      expect(keyword).toMatch(/^报名 \d+$/);
      const link = card.getByRole('link');
      expect(await link.count()).toBe(1);
      expect(await link.getAttribute('href')).toBe(`/events/${keyword.slice(3)}`);
      expect(await link.evaluate((a) => getComputedStyle(a).textDecorationLine)).toContain('underline');
      const box = (await card.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThanOrEqual(44);
    }
    // A tap on the card's lower corner, far from the title, opens the event.
    const demo = cards.filter({ hasText: '岐江河畔清洁行动' });
    const href = await demo.getByRole('link').getAttribute('href');
    const box = (await demo.boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('a')?.getAttribute('href') ?? null, [box.x + box.width - 8, box.y + box.height - 8])).toBe(href);
    await page.touchscreen.tap(box.x + box.width - 8, box.y + box.height - 8);
    await page.waitForURL(`**${href}`);
    await context.close();
  });
});

describe('reading an event in English', () => {
  it('tells how to send the keyword in Chinese, and copies it', async () => {
    const context = await newContext(browser(), { ...PHONE, locale: 'en-GB' });
    await context.addCookies([{ name: 'wegov-locale', value: 'en', url: baseUrl() }]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const page = await context.newPage();
    await page.goto(`/events/${eventId}`);
    const help = (await page.getByTestId('keyword-help').textContent())!;
    expect(help).toContain('Chinese characters');
    expect(help).toContain('报名');
    expect(await page.getByTestId('event-keyword').textContent()).toBe(`报名 ${eventId}`);
    await page.getByRole('button', { name: 'Copy keyword' }).click();
    await page.getByText('Copied: paste it into the account’s chat and send').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`报名 ${eventId}`);
    await context.close();
  });

  it('says nothing extra in Simplified Chinese, where the keyword reads as written', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto(`/events/${eventId}`);
    expect(await page.getByTestId('keyword-help').count()).toBe(0);
    await context.close();
  });
});
