import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEncodingAesKey, generateToken } from '../../../lib/accounts/generate';
import { verifyUrlRequest } from '../../../lib/wechat/inbound';
import { startWechatApiSimulator, type RunningWechatApiSimulator } from '../../../lib/wechat/simulator';

/** What a tester does in WeChat's admin: get a test app's AppID/AppSecret, then save the server settings. */
const open: Array<RunningWechatApiSimulator | Server> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await ('state' in s ? s.close() : new Promise((r) => s.close(r)));
});

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A webhook that answers URL verification for one Token, as ours does. */
async function echoServer(token: string): Promise<string> {
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    try {
      const echostr = verifyUrlRequest({ credentials: { token, appId: '', originalId: null, mode: 'plaintext', encodingAesKeys: [] }, query, now: Math.floor(Date.now() / 1000) });
      res.writeHead(200).end(echostr);
    } catch {
      res.writeHead(401).end('invalid signature');
    }
  });
  open.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/api/wechat/x`;
}

describe('simulator test apps', () => {
  it('issues a fresh AppID and AppSecret that fetch an access_token', async () => {
    const sim = await startWechatApiSimulator();
    open.push(sim);
    const { status, json } = await post(sim.url, '/__sim/apps/new', {});
    expect(status).toBe(200);
    expect(json.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(json.appSecret).toMatch(/^[0-9a-f]{32}$/);
    const token = await post(sim.url, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: json.appId, secret: json.appSecret });
    expect(token.json.access_token).toEqual(expect.any(String));
    const wrong = await post(sim.url, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: json.appId, secret: 'f'.repeat(32) });
    expect(wrong.json.errcode).toBe(40125);
    // The list never shows secrets or server settings.
    const apps = (await (await fetch(`${sim.url}/__sim/apps`)).json()) as { apps: Record<string, unknown>[] };
    expect(JSON.stringify(apps)).not.toContain(String(json.appSecret));
  });

  it('saves server settings only when the URL answers a verification signed with that Token', async () => {
    const sim = await startWechatApiSimulator();
    open.push(sim);
    const { json: app } = await post(sim.url, '/__sim/apps/new', { accountType: 'subscription' });
    const token = generateToken();
    const url = await echoServer(token);
    const encodingAesKey = generateEncodingAesKey();
    const refused = await post(sim.url, '/__sim/apps/server', { appId: app.appId, url, token: 'anothertoken', encodingAesKey, mode: 'safe' });
    expect(refused).toEqual({ status: 400, json: { error: 'url_verification_failed', status: 401 } });
    expect(sim.state.app(String(app.appId))!.reg.server).toBeUndefined();
    const noKey = await post(sim.url, '/__sim/apps/server', { appId: app.appId, url, token, mode: 'safe' });
    expect(noKey.status).toBe(400);
    const saved = await post(sim.url, '/__sim/apps/server', { appId: app.appId, url, token, encodingAesKey, mode: 'safe' });
    expect(saved).toEqual({ status: 200, json: { ok: true } });
    expect(sim.state.app(String(app.appId))!.reg.server).toEqual({ url, token, encodingAesKey, mode: 'safe' });
    // A later re-registration (the demo's sync) keeps them.
    sim.state.registerApp({ ...sim.state.app(String(app.appId))!.reg, server: undefined });
    expect(sim.state.app(String(app.appId))!.reg.server).toMatchObject({ token });
  });
});
