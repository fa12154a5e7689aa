import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFindings, seriousViolations } from './a11y';
import { launchBrowser, PHONE } from './browser';
import { smallTapTargets } from './tap-targets';
import { waitForHealth } from './global-setup';
import { freePort, portalEnv } from './portal';

/**
 * A department's first day, from an empty database (WEGOV_DEMO=0) on a 390 px phone: the first
 * platform admin made by the CLI signs in, creates the account with a generated Token and
 * EncodingAESKey in safe mode, enters the AppID/AppSecret a tester got from the simulator
 * (playing WeChat's admin), saves the server settings on WeChat's side, and the self-test passes;
 * then invites an agent, who signs up from the link and answers a citizen's message sent through
 * the simulator; finally an edited keyword rule answers the citizen's next message. The steps
 * share one portal and run in order.
 */
const CHIEF = { email: 'chief@dept.example', name: 'Chief', password: 'first-admin-password-2026' };
const AGENT = { email: 'agent@dept.example', name: '值班客服', password: 'agent-password-2026' };
const SLUG = 'dept-onboard';
const CITIZEN = 'oOnboardCitizen01';

let child: ChildProcess | undefined;
let dataDir = '';
let base = '';
let browser: Browser;
let closeBrowser: () => Promise<void>;

function run(command: string, args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (c: Buffer) => (output += c.toString()));
    p.stderr.on('data', (c: Buffer) => (output += c.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, output }));
    p.stdin.end(stdin);
  });
}

beforeAll(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'wegov-onboard-'));
  base = `http://localhost:${port}`;
  const env = portalEnv({ port, dataDir, baseUrl: base, demo: false });
  // The first admin, before the portal first starts (PGlite: one process owns the folder).
  const created = await run('npm', ['run', '--silent', 'user:create', '--', '--email', CHIEF.email, '--name', CHIEF.name, '--platform-admin'], env, `${CHIEF.password}\n`);
  expect(created.code, created.output).toBe(0);
  child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'], env });
  await waitForHealth(base, child, 240_000);
  ({ browser, close: closeBrowser } = await launchBrowser());
}, 300_000);

afterAll(async () => {
  await closeBrowser?.();
  if (child?.pid && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The simulator's control API, as a tester's script calls it (local programs only; lib/wechat/simulator/control-api.ts). */
async function sim(pathname: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/__wechat-sim/__sim/${pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The citizen's phone (the simulator's /dev/wechat routes): what the chat shows as the passive reply. */
async function citizenSays(text: string): Promise<string | null> {
  const response = await fetch(`${base}/dev/wechat/api/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: SLUG, openid: CITIZEN, action: { kind: 'text', content: text } }),
  });
  const body = (await response.json()) as { failure: string | null; shown: { payload: { content?: string } } | null };
  expect(body.failure).toBeNull();
  return body.shown?.payload.content ?? null;
}

/** The phone checks every step's page gets: no serious axe finding, no small tap target, no sideways scroll. */
async function checkPage(page: Page, where: string): Promise<void> {
  expect(describeFindings(where, await seriousViolations(page))).toBe('');
  // The admin bar (app/admin/layout.tsx) is another part's and has its own small links; these pages' own content is measured.
  expect(await smallTapTargets(page, { root: 'main', exclude: 'div:has(> nav[aria-label="工作台"])' }), where).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where} overflows the phone`).toBeLessThanOrEqual(390);
}

async function signInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/admin');
}

describe('onboarding a department from an empty database', () => {
  it('first admin → new account → developer settings → self-test passes against the simulator', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...PHONE });
    const page = await context.newPage();
    await signInAs(page, CHIEF.email, CHIEF.password);
    await page.getByText('你还没有加入任何公众号').waitFor();

    // Create the account.
    await page.getByRole('link', { name: '新建公众号' }).click();
    await page.waitForURL('**/admin/accounts/new');
    await checkPage(page, 'new account');
    await page.getByLabel('网址标识').fill('Dept Onboard');
    await page.getByLabel('公众号名称').fill('示范区政务服务');
    await page.getByLabel('原始ID').fill('gh_0a1b2c3d4e5f');
    await page.getByRole('button', { name: '创建公众号' }).click();
    // A wrong slug is said next to its field, and what was typed stays.
    await page.getByText('只能用小写字母、数字和连字符').waitFor();
    expect(await page.getByLabel('公众号名称').inputValue()).toBe('示范区政务服务');
    expect(await page.getByLabel('网址标识').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'new account with an error');
    await page.getByLabel('网址标识').fill(SLUG);
    await page.getByRole('button', { name: '创建公众号' }).click();
    await page.waitForURL(`**/admin/accounts/${SLUG}/developer`);
    await checkPage(page, 'developer settings');

    // The tester registers a test app on "WeChat" and gets its AppID and AppSecret.
    const app = await sim('apps/new', { accountType: 'service', verified: true });
    expect(app.status).toBe(200);
    const appId = String(app.json.appId);
    const appSecret = String(app.json.appSecret);

    const serverUrl = (await page.getByTestId('server-url').innerText()).trim();
    expect(serverUrl).toBe(`${base}/api/wechat/${SLUG}`);
    await page.getByLabel('开发者ID(AppID)').fill(appId);
    await page.getByLabel('开发者密码(AppSecret)').fill(appSecret);
    const generate = page.getByRole('button', { name: '随机生成' });
    await generate.nth(0).click();
    await generate.nth(1).click();
    const token = await page.getByLabel('令牌(Token)').inputValue();
    const encodingAesKey = await page.getByLabel('消息加解密密钥(EncodingAESKey)').inputValue();
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(encodingAesKey).toMatch(/^[A-Za-z0-9+/]{43}$/);
    await page.getByLabel('消息加解密方式').selectOption('safe');
    await page.getByRole('button', { name: '保存开发者设置' }).click();
    await page.getByRole('status').getByText('已保存。').waitFor();

    // Secrets are write-only: after the save, neither the page nor its RSC payload holds them.
    await page.reload();
    await page.getByLabel('令牌(Token)').waitFor();
    expect(await page.getByLabel('令牌(Token)').inputValue()).toBe('');
    const html = await (await page.request.get(`/admin/accounts/${SLUG}/developer`)).text();
    const rsc = await (await page.request.get(`/admin/accounts/${SLUG}/developer`, { headers: { RSC: '1' } })).text();
    for (const secret of [appSecret, token, encodingAesKey]) {
      expect(html).not.toContain(secret);
      expect(rsc).not.toContain(secret);
    }
    expect(html).toContain(appId);
    expect(await page.getByText('已设置', { exact: true }).count()).toBe(3);

    // The tester saves the same settings in "WeChat's admin"; WeChat checks the URL answers with that Token.
    const saved = await sim('apps/server', { appId, url: serverUrl, token, encodingAesKey, mode: 'safe' });
    expect(saved).toEqual({ status: 200, json: { ok: true } });

    await page.getByRole('button', { name: '开始自检' }).click();
    await expect.poll(() => page.getByTestId('self-test-result').innerText().catch(() => ''), { timeout: 20_000 }).toContain('全部通过');
    expect(await page.getByText('通过', { exact: true }).count()).toBe(3);
    await checkPage(page, 'developer settings after the self-test');
    // The details page is one tap away from the overview.
    await page.goto(`/admin/accounts/${SLUG}`);
    await page.getByRole('link', { name: '账号资料' }).click();
    await page.waitForURL(`**/admin/accounts/${SLUG}/settings`);
    await checkPage(page, 'account details');
    await page.screenshot({ path: path.join(tmpdir(), 'wegov-onboard-self-test.png'), fullPage: true });
    await context.close();
  });

  it('the admin invites an agent, who signs up and answers a citizen’s message from the simulator', { timeout: 240_000 }, async () => {
    const adminContext = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...PHONE });
    const agentContext = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...PHONE });
    try {
      const admin = await adminContext.newPage();
      await signInAs(admin, CHIEF.email, CHIEF.password);
      await admin.goto(`/admin/accounts/${SLUG}`);
      await admin.getByRole('link', { name: '工作人员', exact: true }).click();
      await admin.waitForURL(`**/admin/accounts/${SLUG}/staff`);
      await admin.getByLabel('邮箱', { exact: true }).fill(AGENT.email);
      await admin.getByLabel('角色', { exact: true }).selectOption({ label: '客服' });
      await admin.getByRole('button', { name: '生成邀请链接' }).click();
      const link = await admin.getByTestId('invite-link').inputValue();

      const agent = await agentContext.newPage();
      await agent.goto(new URL(link).pathname);
      await agent.getByLabel('姓名').fill(AGENT.name);
      await agent.getByLabel('设置密码').fill(AGENT.password);
      await agent.getByLabel('再次输入密码').fill(AGENT.password);
      await agent.getByRole('button', { name: '接受邀请并创建账号' }).click();
      await agent.waitForURL(`**/admin/accounts/${SLUG}`);

      // A citizen writes through the simulator's phone; no rule yet, so the only passive reply is
      // the new inquiry's case number (docs/citizen-service.md §1).
      expect(await citizenSays('请问社保卡丢了怎么补办？')).toContain('您的咨询已受理，编号 ');
      await agent.goto('/admin/inbox');
      await agent.getByRole('link', { name: /社保卡丢了/ }).first().click();
      await agent.waitForURL(/\/admin\/inbox\/\d+$/);
      await agent.getByLabel('回复内容').fill('您好，可以带身份证到任一社保网点补办。');
      await agent.getByRole('button', { name: '发送', exact: true }).click();
      await agent.getByText('已提交，正在发送到微信。').waitFor();
      // The outbox delivers it through the simulated WeChat API to the citizen's phone.
      const delivered = async () => {
        const response = await fetch(`${base}/dev/wechat/api/timeline?account=${SLUG}&openid=${CITIZEN}`);
        return JSON.stringify(await response.json());
      };
      await expect.poll(delivered, { timeout: 30_000, interval: 1_000 }).toContain('可以带身份证到任一社保网点补办');
    } finally {
      await adminContext.close();
      await agentContext.close();
    }
  });

  it('an edited keyword rule answers the citizen’s next message', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...PHONE });
    try {
      const page = await context.newPage();
      await signInAs(page, CHIEF.email, CHIEF.password);
      await page.goto(`/admin/accounts/${SLUG}`);
      await page.getByRole('link', { name: '自动回复', exact: true }).click();
      await page.waitForURL(`**/admin/accounts/${SLUG}/replies`);
      await page.getByRole('link', { name: '新建规则' }).click();
      await page.getByLabel('匹配方式').selectOption('exact');
      await page.getByLabel('关键词', { exact: true }).fill('社保卡');
      await page.getByLabel('回复文字').fill('旧的回复');
      await page.getByRole('button', { name: '创建规则' }).click();
      await page.waitForURL(/\/replies\?saved=\d+$/);
      await page.getByRole('link', { name: '修改 社保卡' }).click();
      await page.waitForURL(/\/replies\/\d+$/);
      await page.getByLabel('回复文字').fill('社保卡补办：带身份证到任一社保网点，当场可取。');
      await page.getByRole('button', { name: '保存规则' }).click();
      await page.getByText('已保存，新消息将按新规则回复。').waitFor();
      // Edits reach the webhook within a second (docs/admin.md "Accounts"); polled, never timed.
      await expect.poll(() => citizenSays('社保卡'), { timeout: 15_000, interval: 500 }).toBe('社保卡补办：带身份证到任一社保网点，当场可取。');
    } finally {
      await context.close();
    }
  });
});
