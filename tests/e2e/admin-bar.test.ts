import { describe, expect, it } from 'vitest';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';
import { smallTapTargets } from './tap-targets';

/**
 * The admin bar every admin page shares (app/admin/layout.tsx): the feature tests measure only
 * their own part of the page, so the bar's links and sign-out buttons are measured here, on a
 * 390 px phone, for the platform admin who sees every link.
 */
const browser = sharedBrowser();

describe('the admin bar on a phone', () => {
  it('has no tap target under 44 px', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await signIn(page, 'admin@wegov.local');
    await page.goto('/admin');
    expect(await smallTapTargets(page, { root: 'main > div > div:first-child' })).toEqual([]);
    await context.close();
  });
});
