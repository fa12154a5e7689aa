import { describe, expect, it } from 'vitest';
import { baseUrl, newContext, PHONE, signIn, sharedBrowser } from './browser';

/**
 * An event end to end on a phone: staff create and publish it, a citizen scans its (demo) QR code
 * in the WeChat simulator — a subscribe with scene `event:<id>` through the real webhook — and
 * the staff page's live counts rise without a reload.
 */
const browser = sharedBrowser();

describe('running an event from a phone', () => {
  it('staff create → publish; the citizen scans the event QR; the registered count rises live', async () => {
    const staffContext = await newContext(browser(), PHONE);
    const page = await staffContext.newPage();
    await signIn(page, 'youth@wegov.local');
    await page.goto(`${baseUrl()}/admin/events/new`);
    await page.getByLabel('标题').fill('E2E 海滩清洁');
    await page.getByLabel('名额（留空为不限）').fill('5');
    await page.getByLabel('兴趣标签（用逗号分隔）').fill('环保');
    await page.getByRole('button', { name: '创建草稿' }).click();
    await page.waitForURL(/\/admin\/events\/\d+$/);
    const eventId = Number(/\/admin\/events\/(\d+)$/.exec(page.url())![1]);
    await page.getByRole('button', { name: '发布' }).click();
    // The publish form gives way to the published state (badge) once the page revalidates.
    await page.getByText('已发布', { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('count-registered').textContent()).toBe('0 / 5');

    // The public directory shows it at once.
    const api = (await (await fetch(`${baseUrl()}/api/v1/events?account=zhongshan-youth`)).json()) as { data: { id: number; registeredCount: number; registrationKeyword: string }[] };
    expect(api.data.find((e) => e.id === eventId)).toMatchObject({ registeredCount: 0, registrationKeyword: `报名 ${eventId}` });

    const link = await page.getByTestId('demo-qr-event').getAttribute('href');
    expect(link).toContain(`/dev/wechat/follow?account=zhongshan-youth&scene=event%3A${eventId}`);
    const citizenContext = await newContext(browser(), PHONE);
    const phone = await citizenContext.newPage();
    await phone.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl()));
    const follow = phone.getByRole('button', { name: /关注|进入公众号/ });
    await expect.poll(() => follow.isEnabled(), { timeout: 10_000 }).toBe(true);
    await follow.click();
    await phone.waitForURL(/\/dev\/wechat(\?|$)/, { timeout: 10_000 });
    await expect.poll(() => phone.getByText('报名成功').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // No reload: the live counts poll.
    await expect.poll(() => page.getByTestId('count-registered').textContent(), { timeout: 15_000 }).toBe('1 / 5');
    await citizenContext.close();
    await staffContext.close();
  }, 90_000);
});
