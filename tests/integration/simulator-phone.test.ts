import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, followers, messages } from '../../db/schema';
import { DEMO_APPS, registerDemoApps, startWechatApiSimulator, type RunningWechatApiSimulator } from '../../lib/wechat/simulator';
import { sendPhoneAction, readConversation, type PhoneAction, type PhoneDeps } from '../../lib/wechat/simulator/phone';
import { loadPhoneAccount, listPhoneAccounts, type PhoneAccountWithCredentials } from '../../lib/wechat/simulator/phone-accounts';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb, startWebhookServer, type WebhookServer } from '../helpers/webhook';

/**
 * The citizen's phone against the webhook's real host over a socket and an in-process WeChat API
 * simulator: what the demo does, minus the browser.
 */
const WEBHOOK_BASE = 'http://wegov.test';

let t: TestDb;
let webhook: WebhookServer;
let sim: RunningWechatApiSimulator;

interface Seen {
  url: string;
  body: string;
}

/** fetch that hands webhook requests to the webhook server (recording them) and lets simulator calls through. */
function phoneFetch(seen: Seen[] = [], override?: (attempt: number, call: () => Promise<Response>) => Promise<Response>): typeof fetch {
  let attempt = 0;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(`${WEBHOOK_BASE}/api/wechat/`)) return fetch(input, init);
    const body = String(init?.body ?? '');
    seen.push({ url, body });
    attempt += 1;
    const call = () => webhook.send(new Request(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } }));
    return override ? override(attempt, call) : call();
  }) as typeof fetch;
}

async function account(slug: string): Promise<PhoneAccountWithCredentials> {
  const found = await loadPhoneAccount({ db: t.db, slug });
  if (!found) throw new Error(`no phone account ${slug}`);
  return found;
}

async function phone(slug: string, openid: string, action: PhoneAction, deps: PhoneDeps = {}) {
  return sendPhoneAction({
    account: await account(slug),
    openid,
    action,
    webhookBase: WEBHOOK_BASE,
    simBase: sim.url,
    deps: { fetch: phoneFetch(), ...deps },
  });
}

async function follower(slug: string, openid: string) {
  const [row] = await t.db
    .select({ subscribed: followers.subscribed, source: followers.source })
    .from(followers)
    .innerJoin(accounts, eq(accounts.id, followers.accountId))
    .where(and(eq(accounts.slug, slug), eq(followers.openid, openid)));
  return row;
}

const appIdOf = (slug: string) => DEMO_APPS.find((a) => a.slug === slug)!.appId;

async function customSend(slug: string, openid: string, content: string): Promise<{ errcode: number }> {
  const app = DEMO_APPS.find((a) => a.slug === slug)!;
  const token = await fetch(`${sim.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid: app.appId, secret: app.appSecret }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const sent = await fetch(`${sim.url}/cgi-bin/message/custom/send?access_token=${token.access_token}`, {
    method: 'POST',
    body: JSON.stringify({ touser: openid, msgtype: 'text', text: { content } }),
  });
  return sent.json() as Promise<{ errcode: number }>;
}

beforeAll(async () => {
  t = await createSeededAppDb();
  webhook = await startWebhookServer();
  sim = await startWechatApiSimulator();
  registerDemoApps(sim.state);
});
afterAll(async () => {
  await sim?.close();
  await webhook?.close();
  await t?.close();
});

describe('the citizen phone talks to the real webhook', () => {
  it('lists accounts with credentials for the phone, verified first, without secrets', async () => {
    const list = await listPhoneAccounts({ db: t.db });
    expect(list.map((a) => a.slug)).toEqual(expect.arrayContaining(['zhaoqing-police', 'zhongshan-youth', 'zhongshan-gaj-lookalike']));
    expect(list.findIndex((a) => !a.verified)).toBeGreaterThan(list.findLastIndex((a) => a.verified));
    expect(JSON.stringify(list)).not.toContain('zqpolice-demo-token');
    const police = list.find((a) => a.slug === 'zhaoqing-police');
    expect(police?.menu[0]).toEqual({ name: '办事指南', type: 'click', key: 'POLICE_GUIDE' });
  });

  it('gets the keyword reply to a text in safe mode, over an encrypted push', async () => {
    const seen: Seen[] = [];
    const result = await phone('zhaoqing-police', 'oPhoneSafe01', { kind: 'text', content: '身份证' }, { fetch: phoneFetch(seen) });
    expect(result).toMatchObject({ status: 200, attempts: 1, failure: null, recorded: true });
    expect(result.shown).toEqual({ msgtype: 'text', payload: { content: expect.stringContaining('身份证补领') } });
    // Safe mode: nothing but ToUserName and Encrypt in the body.
    expect(seen[0]!.body).toContain('<Encrypt>');
    expect(seen[0]!.body).not.toContain('身份证');
    expect(new URL(seen[0]!.url).searchParams.get('encrypt_type')).toBe('aes');
    expect(BigInt(result.msgId!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const [stored] = await t.db.select({ content: messages.content }).from(messages).where(eq(messages.dedupKey, `m:${result.msgId}`));
    expect(stored?.content).toBe('身份证');
  });

  it('gets the keyword reply in compatible mode, with the plaintext fields beside Encrypt', async () => {
    const seen: Seen[] = [];
    const result = await phone('zhongshan-youth', 'oPhoneCompat01', { kind: 'text', content: '报名' }, { fetch: phoneFetch(seen) });
    expect(result.status).toBe(200);
    expect(result.reply?.fields.Content).toMatch(/\d+「岐江河畔清洁行动」/);
    expect(seen[0]!.body).toContain('<Content><![CDATA[报名]]></Content>');
    expect(seen[0]!.body).toContain('<Encrypt>');
  });

  it('pushes plaintext to a plaintext-mode account and reads its plain reply', async () => {
    await t.db.update(accounts).set({ messageMode: 'plaintext' }).where(eq(accounts.slug, 'zhongshan-weather'));
    const seen: Seen[] = [];
    const result = await phone('zhongshan-weather', 'oPhonePlain01', { kind: 'text', content: '台风来了怎么办' }, { fetch: phoneFetch(seen) });
    expect(result.shown?.payload.content).toContain('台风防御指引');
    expect(seen[0]!.body).not.toContain('<Encrypt>');
    expect(new URL(seen[0]!.url).searchParams.has('encrypt_type')).toBe(false);
  });

  it('follows through a QR scene: follower stored with that source, welcome shown, simulator knows the scene', async () => {
    const result = await phone('zhongshan-youth', 'oPhoneFollow01', { kind: 'subscribe', scene: 'directory' });
    expect(result.shown?.payload.content).toContain('欢迎关注中山青年');
    expect(await follower('zhongshan-youth', 'oPhoneFollow01')).toEqual({ subscribed: true, source: 'directory' });
    const known = sim.state.follower(appIdOf('zhongshan-youth'), 'oPhoneFollow01');
    expect(known).toMatchObject({ subscribed: true, qrSceneStr: 'directory', subscribeScene: 'ADD_SCENE_QR_CODE' });
  });

  it('unfollows: the follower is marked unsubscribed here and in the simulator, and no reply is shown', async () => {
    await phone('zhaoqing-police', 'oPhoneLeave01', { kind: 'subscribe' });
    const result = await phone('zhaoqing-police', 'oPhoneLeave01', { kind: 'unsubscribe' });
    expect(result).toMatchObject({ status: 200, shown: null, failure: null });
    expect((await follower('zhaoqing-police', 'oPhoneLeave01'))?.subscribed).toBe(false);
    expect(sim.state.follower(appIdOf('zhaoqing-police'), 'oPhoneLeave01')?.subscribed).toBe(false);
  });

  it('gets the click rule reply for a menu button', async () => {
    const result = await phone('zhaoqing-police', 'oPhoneClick01', { kind: 'click', key: 'POLICE_GUIDE' });
    expect(result.shown?.payload.content).toContain('办事指南');
    expect(sim.state.serviceWindow(appIdOf('zhaoqing-police'), 'oPhoneClick01').windows.map((w) => w.kind)).toEqual(['click']);
  });

  it('opens the customer-service window: staff may answer through the API and the phone shows it after the passive reply', async () => {
    expect((await customSend('zhaoqing-police', 'oPhoneWindow01', '您好')).errcode).not.toBe(0);
    await phone('zhaoqing-police', 'oPhoneWindow01', { kind: 'text', content: '我想问户口迁移' });
    expect(sim.state.serviceWindow(appIdOf('zhaoqing-police'), 'oPhoneWindow01')).toMatchObject({ subscribed: true, remaining: 5 });
    expect((await customSend('zhaoqing-police', 'oPhoneWindow01', '请带上户口簿到窗口办理。')).errcode).toBe(0);

    const conversation = await readConversation({ simBase: sim.url, appId: appIdOf('zhaoqing-police'), openid: 'oPhoneWindow01' });
    expect(conversation.messages.map((m) => [m.via, m.msgtype])).toEqual([
      ['citizen', 'text'],
      ['passive', 'text'],
      ['custom', 'text'],
    ]);
    expect(conversation.messages[0]!.payload).toEqual({ content: '我想问户口迁移' });
    expect(conversation.messages[2]!.payload).toEqual({ content: '请带上户口簿到窗口办理。' });
    const after = await readConversation({
      simBase: sim.url,
      appId: appIdOf('zhaoqing-police'),
      openid: 'oPhoneWindow01',
      after: conversation.messages[1]!.seq,
    });
    expect(after.messages.map((m) => m.via)).toEqual(['custom']);
  });

  it('re-sends a push whose answer timed out with the same query string and body, and it is stored once', async () => {
    const seen: Seen[] = [];
    const fetchWithLostAnswer = phoneFetch(seen, async (attempt, call) => {
      const response = await call(); // the webhook stores the message…
      if (attempt === 1) return new Promise<Response>(() => {}); // …but its answer never arrives
      return response;
    });
    const result = await phone('zhaoqing-police', 'oPhoneRetry01', { kind: 'text', content: '身份证' }, { fetch: fetchWithLostAnswer, timeoutMs: 300 });
    expect(result.attempts).toBe(2);
    expect(result.shown?.payload.content).toContain('身份证补领');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.url).toBe(seen[0]!.url);
    expect(seen[1]!.body).toBe(seen[0]!.body);
    const [stored] = await t.db.select({ n: count() }).from(messages).where(eq(messages.dedupKey, `m:${result.msgId}`));
    expect(stored?.n).toBe(1);
  });

  it('retries a non-200 answer up to three times, then shows WeChat’s "cannot serve" notice', async () => {
    const seen: Seen[] = [];
    const down = phoneFetch(seen, async () => new Response('unavailable', { status: 503 }));
    const result = await phone('zhaoqing-police', 'oPhoneDown01', { kind: 'text', content: '在吗' }, { fetch: down });
    expect(result).toMatchObject({ status: 503, attempts: 4, failure: 'unavailable', shown: null });
    expect(new Set(seen.map((s) => s.url)).size).toBe(1);
    const conversation = await readConversation({ simBase: sim.url, appId: appIdOf('zhaoqing-police'), openid: 'oPhoneDown01' });
    expect(conversation.messages.map((m) => [m.via, m.msgtype])).toEqual([
      ['citizen', 'text'],
      ['system', 'notice'],
    ]);
  });

  it('still delivers the push when the simulator is unreachable, and says so', async () => {
    const result = await sendPhoneAction({
      account: await account('zhaoqing-police'),
      openid: 'oPhoneNoSim01',
      action: { kind: 'text', content: '身份证' },
      webhookBase: WEBHOOK_BASE,
      simBase: 'http://127.0.0.1:9',
      deps: { fetch: phoneFetch() },
    });
    expect(result).toMatchObject({ status: 200, recorded: false });
    expect(result.shown?.payload.content).toContain('身份证补领');
  });
});

describe('the phone route handlers', () => {
  type Handler = (request: Request) => Promise<Response>;
  const routes = async () => ({
    send: (await import('../../app/dev/wechat/api/send/route')).POST as Handler,
    timeline: (await import('../../app/dev/wechat/api/timeline/route')).GET as Handler,
  });
  const post = (body: unknown, type = 'application/json') =>
    new Request('http://wegov.test/dev/wechat/api/send', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': type } });

  async function withSimulator<T>(value: '0' | '1', run: () => Promise<T>): Promise<T> {
    const { resetEnvForTests } = await import('../../lib/env');
    const before = process.env.WEGOV_SIMULATOR;
    process.env.WEGOV_SIMULATOR = value;
    resetEnvForTests();
    try {
      return await run();
    } finally {
      if (before === undefined) delete process.env.WEGOV_SIMULATOR;
      else process.env.WEGOV_SIMULATOR = before;
      resetEnvForTests();
    }
  }

  it('do not exist when the simulator is off', async () => {
    const { send, timeline } = await routes();
    await withSimulator('0', async () => {
      expect((await send(post({ account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'image' } }))).status).toBe(404);
      expect((await timeline(new Request('http://wegov.test/dev/wechat/api/timeline?account=zhaoqing-police&openid=oDemoCitizen01'))).status).toBe(404);
    });
  });

  it('refuse non-JSON bodies, invalid input and unknown accounts before pushing anything', async () => {
    const { send, timeline } = await routes();
    await withSimulator('1', async () => {
      const valid = { account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'text', content: '你好' } };
      expect((await send(post(valid, 'text/plain'))).status).toBe(415);
      const invalid = await send(post({ ...valid, action: { kind: 'text', content: '' } }));
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ error: 'invalid_request' });
      expect((await send(post({ ...valid, account: 'no-such-account' }))).status).toBe(404);
      expect((await timeline(new Request('http://wegov.test/dev/wechat/api/timeline?account=zhaoqing-police&openid=bad%20id'))).status).toBe(400);
    });
  });
});
