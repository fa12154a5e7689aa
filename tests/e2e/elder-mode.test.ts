import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { baseUrl, newContext, PHONE, sharedBrowser } from './browser';
import { auditPage } from './page-audit';

const browser = sharedBrowser();

/**
 * 长辈模式 (docs/accessibility.md) on a phone: one switch on every public page, remembered in a
 * cookie, and a page that then meets its promises — text of 18 px or more, tap targets of 48 px
 * or more, 7:1 contrast, nothing moving.
 */
const elderSwitch = (page: Page) => page.getByRole('button', { name: /长辈模式|長輩模式|Elder mode/ });
const elderOn = (page: Page) => page.locator('html').getAttribute('data-elder').then((v) => v !== null);

async function turnOn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  expect(await elderOn(page)).toBe(false);
  expect(await elderSwitch(page).getAttribute('aria-pressed')).toBe('false');
  await elderSwitch(page).click();
  await page.locator('html[data-elder]').waitFor({ state: 'attached' });
  expect(await elderSwitch(page).getAttribute('aria-pressed')).toBe('true');
  return page;
}

describe('长辈模式 on a phone', () => {
  it('is switched on from the header, remembered across pages and reloads, and switched off again', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await turnOn(context);
    const cookie = (await context.cookies()).find((c) => c.name === 'wegov-elder');
    expect(cookie?.value).toBe('1');
    for (const path of ['/events', '/verify', '/accounts/zhaoqing-police']) {
      await page.goto(path);
      expect(await elderOn(page), path).toBe(true);
      expect(await elderSwitch(page).getAttribute('aria-pressed'), path).toBe('true');
    }
    await page.reload();
    expect(await elderOn(page)).toBe(true);
    await elderSwitch(page).click();
    await page.locator('html:not([data-elder])').waitFor({ state: 'attached' });
    expect(await elderSwitch(page).getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    expect(await elderOn(page)).toBe(false);
    await context.close();
  });

  it('works without JavaScript', async () => {
    const context = await newContext(browser(), { ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/verify');
    await elderSwitch(page).click();
    await page.waitForLoadState('load');
    await page.goto('/verify');
    expect(await elderOn(page)).toBe(true);
    await context.close();
  });

  it('shows the home page with large text, large tap targets, 7:1 contrast and nothing moving', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await turnOn(context);
    await page.reload();
    const audit = await auditPage(page);
    // The audit saw the page, not an empty shell.
    expect(audit.textCount).toBeGreaterThan(20);
    expect(audit.targetCount).toBeGreaterThan(10);
    expect(audit.bodyFontSize).toBeGreaterThanOrEqual(18);
    expect(audit.small).toEqual([]);
    expect(audit.smallTargets).toEqual([]);
    expect(audit.lowContrast).toEqual([]);
    expect(audit.moving).toEqual([]);
    expect(audit.animations).toBe(0);
    await context.close();
  });

  it('keeps the same promises on the other public pages', async () => {
    const context = await newContext(browser(), PHONE);
    await context.addCookies([{ name: 'wegov-elder', value: '1', url: baseUrl() }]);
    const page = await context.newPage();
    for (const path of ['/verify', '/events', '/accounts/zhaoqing-police', '/login']) {
      await page.goto(path);
      const audit = await auditPage(page);
      expect({ path, small: audit.small, smallTargets: audit.smallTargets, lowContrast: audit.lowContrast, moving: audit.moving }).toEqual({ path, small: [], smallTargets: [], lowContrast: [], moving: [] });
      expect(audit.animations, path).toBe(0);
    }
    await context.close();
  });

  it('is off by default: the measurements see the ordinary page', async () => {
    // The audit is not blind: without 长辈模式 the same page has smaller text and targets.
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/');
    const audit = await auditPage(page);
    expect(audit.small.length).toBeGreaterThan(0);
    expect(audit.smallTargets.length).toBeGreaterThan(0);
    expect(audit.lowContrast.length).toBeGreaterThan(0);
    // The sign-in button fades its colour on hover (components/ui/button.tsx).
    await page.goto('/login');
    expect((await auditPage(page)).moving.length).toBeGreaterThan(0);
    await context.close();
  });

  it('stops motion for a reader who asked their system for less, without 长辈模式', async () => {
    const context = await newContext(browser(), { ...PHONE, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const path of ['/', '/login']) {
      await page.goto(path);
      const audit = await auditPage(page);
      expect(audit.moving, path).toEqual([]);
      expect(audit.animations, path).toBe(0);
    }
    await context.close();
  });
});
