import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeFindings, seriousViolations } from './a11y';
import { newContext, PHONE, sharedBrowser, signIn } from './browser';

/**
 * Staff and invitations on a phone (issue 12 §2; docs/admin.md "Staff and invitations"): an
 * account admin makes an invitation link; a second browser, signed out, opens it, sets a name and
 * password and lands on the account; the new colleague can sign in again later; the link is then
 * spent; a role change ends the colleague's session on their next request. Each page is
 * axe-clean on the way.
 */
const browser = sharedBrowser();
const ADMIN = 'youth@wegov.local';
const SLUG = 'zhongshan-youth';
const NEWCOMER = `newcomer-${Date.now()}@example.cn`;
const PASSWORD = 'newcomer-password-1';

async function noSeriousViolations(page: Page, where: string) {
  expect(describeFindings(where, await seriousViolations(page))).toBe('');
}

async function inviteFrom(page: Page, email: string, role: string): Promise<string> {
  await page.getByLabel('邮箱', { exact: true }).fill(email);
  await page.getByLabel('角色', { exact: true }).selectOption({ label: role });
  await page.getByRole('button', { name: '生成邀请链接' }).click();
  const link = page.getByTestId('invite-link');
  await link.waitFor();
  return link.inputValue();
}

describe('inviting a colleague', () => {
  it('admin invites → the invitee signs up from the link on their phone → signs in and sees the account', async () => {
    const adminContext = await newContext(browser(), PHONE);
    let invitee: BrowserContext | undefined;
    try {
      const admin = await adminContext.newPage();
      await signIn(admin, ADMIN);
      await admin.goto(`/admin/accounts/${SLUG}`);
      await admin.getByRole('link', { name: '工作人员', exact: true }).click();
      await admin.waitForURL(`**/admin/accounts/${SLUG}/staff`);
      await noSeriousViolations(admin, 'members page');

      // A bad email is named at its field and what was typed stays.
      await admin.getByLabel('邮箱', { exact: true }).fill('not-an-email');
      await admin.getByRole('button', { name: '生成邀请链接' }).click();
      await expect.poll(() => admin.getByLabel('邮箱', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await admin.getByLabel('邮箱', { exact: true }).inputValue()).toBe('not-an-email');
      expect(await admin.locator('#invite-email-error').textContent()).toBe('请填写有效的邮箱地址。');

      const link = await inviteFrom(admin, NEWCOMER, '客服');
      expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
      expect(await admin.getByTestId('invite-result').textContent()).toContain(NEWCOMER);
      await expect.poll(() => admin.getByTestId('pending-invitations').textContent()).toContain(NEWCOMER);
      await noSeriousViolations(admin, 'members page with a new link');

      // The invitee: another browser, never signed in.
      invitee = await newContext(browser(), PHONE);
      const page = await invitee.newPage();
      const response = await page.goto(new URL(link).pathname);
      expect(response?.status()).toBe(200);
      expect(await page.getByTestId('invite-what').textContent()).toContain('中山青年');
      await noSeriousViolations(page, 'invite page');

      await page.getByLabel('姓名').fill('新同事');
      await page.getByLabel('设置密码').fill('short');
      await page.getByLabel('再次输入密码').fill('short');
      await page.getByRole('button', { name: '接受邀请并创建账号' }).click();
      await expect.poll(() => page.getByLabel('设置密码').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('姓名').inputValue()).toBe('新同事');

      await page.getByLabel('设置密码').fill(PASSWORD);
      await page.getByLabel('再次输入密码').fill(PASSWORD);
      await page.getByRole('button', { name: '接受邀请并创建账号' }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}`);
      expect(await page.locator('h1').textContent()).toBe('中山青年');

      // Signing in again later, from a fresh browser, shows the account.
      const later = await newContext(browser(), PHONE);
      try {
        const again = await later.newPage();
        await signIn(again, NEWCOMER, PASSWORD);
        expect(await again.getByRole('link', { name: /中山青年/ }).count()).toBeGreaterThan(0);
      } finally {
        await later.close();
      }

      // The link is spent: a clear page with a 404.
      const spent = await (await newContext(browser(), PHONE)).newPage();
      const second = await spent.goto(new URL(link).pathname);
      expect(second?.status()).toBe(404);
      expect(await spent.getByTestId('invite-invalid').getAttribute('data-state')).toBe('used');
      await noSeriousViolations(spent, 'spent invite page');
      await spent.context().close();

      // The member list shows them; a role change ends their session on their next request.
      await admin.reload();
      const card = admin.getByTestId('members').locator('li', { hasText: NEWCOMER });
      await card.getByRole('combobox').selectOption({ label: '编辑' });
      await card.getByRole('button', { name: '保存角色' }).click();
      await expect.poll(() => card.textContent()).toContain('角色已修改');
      await page.goto('/admin');
      expect(new URL(page.url()).pathname).toBe('/login');

      // The last account admin stays: demoting them is refused with a message.
      const mine = admin.getByTestId('members').locator('li', { hasText: ADMIN });
      await mine.getByRole('combobox').selectOption({ label: '客服' });
      await mine.getByRole('button', { name: '保存角色' }).click();
      await expect.poll(() => mine.textContent()).toContain('最后一位账号管理员');

      // Removing takes two taps: open, then confirm by name.
      const leaving = admin.getByTestId('members').locator('li', { hasText: NEWCOMER });
      await leaving.locator('summary').click();
      await leaving.getByRole('button', { name: /^确认移除/ }).click();
      await expect.poll(() => admin.getByTestId('members').textContent()).not.toContain(NEWCOMER);
      await noSeriousViolations(admin, 'members page after a removal');

      // A platform admin disables the user: their sign-in is refused from then on.
      const platform = await newContext(browser(), PHONE);
      try {
        const users = await platform.newPage();
        await signIn(users, 'admin@wegov.local');
        await users.getByRole('link', { name: '平台用户' }).click();
        await users.waitForURL('**/admin/users');
        const row = users.getByTestId('users').locator('li', { hasText: NEWCOMER });
        await row.getByRole('button', { name: '停用' }).click();
        await expect.poll(() => row.textContent()).toContain('已停用');
        await noSeriousViolations(users, 'platform users page');
        const refused = await (await newContext(browser(), PHONE)).newPage();
        await refused.goto('/login');
        // The form signs in from script: fill it only once it is hydrated, or the click posts it natively.
        await refused.waitForLoadState('networkidle');
        await refused.getByLabel('邮箱').fill(NEWCOMER);
        await refused.getByLabel('密码').fill(PASSWORD);
        await refused.getByRole('button', { name: '登录' }).click();
        await expect.poll(() => refused.locator('#login-error').textContent(), { timeout: 20_000 }).toContain('邮箱或密码不正确');
        expect(new URL(refused.url()).pathname).toBe('/login');
        await refused.context().close();
      } finally {
        await platform.close();
      }
    } finally {
      await adminContext.close();
      await invitee?.close();
    }
    // One story across four browsers and a dozen pages, each audited: more than the default minute on a shared machine.
  }, 240_000);

  it('answers an unknown link with a clear 404 page, signed out', async () => {
    const context = await newContext(browser(), PHONE);
    try {
      const page = await context.newPage();
      const response = await page.goto(`/invite/${'x'.repeat(43)}`);
      expect(response?.status()).toBe(404);
      expect(await page.getByTestId('invite-invalid').getAttribute('data-state')).toBe('unknown');
      expect(await page.locator('h1').textContent()).toBe('邀请链接无法使用');
      // A hand-edited link with a broken escape is refused by the portal's request guard before Next: a 400, never a 500.
      expect((await page.goto('/invite/%E0%A4%A'))?.status()).toBe(400);
      // A well-formed escape that is no token is an unknown link.
      expect((await page.goto('/invite/%41%42'))?.status()).toBe(404);
      expect(await page.getByTestId('invite-invalid').getAttribute('data-state')).toBe('unknown');
    } finally {
      await context.close();
    }
  });
});
