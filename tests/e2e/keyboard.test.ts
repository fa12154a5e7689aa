import { describe, expect, it } from 'vitest';
import { translator } from '../../lib/i18n/messages';
import { MODES, setElderMode, tabTo, VIEWPORTS, type ModeName } from './a11y';
import { baseUrl, newContext, sharedBrowser } from './browser';

/**
 * Issue 11 item 14: the two journeys people make most, with the keyboard alone — Tab,
 * Shift+Tab, Enter, Space and typed text; no mouse, no click(), no fill(). Every element Tab
 * lands on must show a focus indicator (tabTo checks it). Labels come from the dictionaries, so
 * a copy change does not break the journey, a lost control does.
 */
const browser = sharedBrowser();
const t = translator('zh-CN');

const isLink = (href: RegExp) => ({ role: 'link', href });

for (const mode of Object.keys(MODES) as ModeName[]) {
  describe(`keyboard only, ${mode} mode, on a desktop`, () => {
    it('a citizen searches, opens the account and copies its WeChat id to follow it', async () => {
      const context = await newContext(browser(), VIEWPORTS.desktop);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
      await setElderMode(context, MODES[mode]);
      const page = await context.newPage();
      await page.goto('/');

      await tabTo(page, { name: t('dir.search.label'), role: /^(searchbox|textbox)$/ });
      await page.keyboard.type('平安肇庆');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?q=/);
      await page.getByRole('heading', { name: t('dir.results.searchHeading', { q: '平安肇庆' }) }).waitFor();

      await tabTo(page, isLink(/^\/accounts\/zhaoqing-police$/), 60);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/accounts\/zhaoqing-police$/);

      // The follow section: the QR code to scan and the WeChat id to search for, with its copy button.
      const follow = page.getByRole('region', { name: t('dir.account.follow') });
      await follow.waitFor();
      await follow.getByRole('img').first().waitFor();
      expect(await follow.textContent()).toContain('pazq110');
      await tabTo(page, { role: 'button', name: t('dir.account.copy'), region: t('dir.account.follow') }, 60);
      await page.keyboard.press('Space');
      await follow.getByText(t('dir.account.copied')).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('pazq110');
      await context.close();
    });

    it('staff sign in, open the inbox and a conversation, and reply', async () => {
      // A citizen writes to 平安肇庆 from the simulator: the reply window is open, the question unique.
      const question = `键盘测试 ${mode} ${Date.now()}：派出所几点开门？`;
      const openid = `oKeyboard${mode}${Date.now()}`;
      const response = await fetch(`${baseUrl()}/dev/wechat/api/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: 'zhaoqing-police', openid, action: { kind: 'text', content: question } }),
      });
      expect(response.status).toBe(200);

      const context = await newContext(browser(), VIEWPORTS.desktop);
      await setElderMode(context, MODES[mode]);
      const page = await context.newPage();
      await page.goto('/login');

      // The email field has focus on arrival (issue 11 item 11), or is the first field Tab reaches.
      await tabTo(page, { role: 'textbox', name: t('login.email') });
      await page.keyboard.type('police@wegov.local');
      await tabTo(page, { role: 'textbox', name: t('login.password') }, 5);
      await page.keyboard.type('wegov-demo');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin$/);

      await tabTo(page, isLink(/^\/admin\/inbox(\?.*)?$/), 40);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/inbox(\?.*)?$/);
      await page.getByText(question).first().waitFor();

      await tabTo(page, (f) => f.role === 'link' && /^\/admin\/inbox\/\d+$/.test(f.href ?? '') && f.name.includes(question), 80);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/inbox\/\d+$/);

      const reply = `您好，派出所工作日 8:30 开门。（${mode}）`;
      await tabTo(page, { role: 'textbox', name: t('inbox.composer.label') }, 80);
      await page.keyboard.type(reply);
      await tabTo(page, (f) => f.role === 'button' && f.name === t('inbox.composer.send'), 10);
      await page.keyboard.press('Enter');
      await page.getByRole('region', { name: t('inbox.history') }).getByText(reply).waitFor();
      await context.close();
    });
  });
}

describe('the keyboard helper itself', () => {
  it('fails, naming where focus went, when a control cannot be reached or its focus is invisible', async () => {
    const context = await newContext(browser(), VIEWPORTS.desktop);
    const page = await context.newPage();
    await page.goto('/login');
    await expect(tabTo(page, { role: 'button', name: '不存在的按钮' }, 8)).rejects.toThrow(/Tab did not reach .*focus visited:\n {2}(textbox|button|link) "/s);
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.textContent = '看不见焦点';
      button.style.cssText = 'outline:none;box-shadow:none';
      document.body.prepend(button);
    });
    await page.keyboard.press('Shift+Tab'); // back into the document from wherever focus stood
    await expect(tabTo(page, { role: 'button', name: '看不见焦点' }, 40)).rejects.toThrow(/shows no focus indicator/);
    await context.close();
  });
});
