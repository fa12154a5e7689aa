import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWechatApiHandler, WechatApiState } from '../../../lib/wechat/simulator';
import { localControlOnly, type ControlCaller } from '../../../lib/wechat/simulator/control-api';

/**
 * The demo simulator's control API answers programs on this machine only (scripts/lib/demo-simulator.ts):
 * the rules one by one, then the guard mounted in a handler over a real socket.
 */

const guard = localControlOnly();
const local = (headers: ControlCaller['headers'] = {}, remoteAddress = '127.0.0.1', localAddress = '127.0.0.1'): ControlCaller => ({
  remoteAddress,
  localAddress,
  headers: { host: 'localhost:3000', 'sec-fetch-mode': 'cors', ...headers },
});

describe('localControlOnly', () => {
  it("lets a program on this machine in: the portal's phone routes and the tests (Node's fetch)", () => {
    expect(guard(local())).toBeUndefined();
    expect(guard(local({ host: '127.0.0.1:3000' }))).toBeUndefined();
    expect(guard(local({ host: '[::1]:3000' }, '::1', '::1'))).toBeUndefined();
    expect(guard(local({ host: '127.0.0.1:3000' }, '::ffff:127.0.0.1', '::ffff:127.0.0.1'))).toBeUndefined();
    // A portal whose public URL is its LAN address calls itself through that address.
    expect(guard(local({ host: '192.168.1.20:3000' }, '192.168.1.20', '192.168.1.20'))).toBeUndefined();
  });

  it('refuses another machine', () => {
    expect(guard(local({}, '192.168.1.31', '192.168.1.20'))).toEqual({ status: 403, body: { error: 'forbidden', reason: 'local_only' } });
    expect(guard(local({}, '10.0.0.1'))?.status).toBe(403);
    expect(guard(local({}, '::ffff:10.0.0.1', '::ffff:127.0.0.1'))?.status).toBe(403);
    expect(guard({ ...local(), remoteAddress: undefined })?.status).toBe(403);
  });

  it('refuses what a reverse proxy on this machine relays from elsewhere', () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      expect(guard(local({ [header]: '203.0.113.9' }))?.status).toBe(403);
    }
  });

  it('refuses browsers, even on this machine and from the portal\'s own pages', () => {
    expect(guard(local({ origin: 'http://localhost:3000' }))).toEqual({ status: 403, body: { error: 'forbidden', reason: 'no_browsers' } });
    expect(guard(local({ 'sec-fetch-site': 'same-origin' }))?.status).toBe(403);
    expect(guard(local({ 'sec-fetch-site': 'none' }))?.status).toBe(403);
  });

  it('refuses a host name that is not this machine (DNS rebinding to 127.0.0.1)', () => {
    expect(guard(local({ host: 'attacker.example:3000' }))?.status).toBe(403);
    expect(guard(local({ host: undefined }))?.status).toBe(403);
    expect(guard(local({ host: '192.168.1.20:3000' }))?.status).toBe(403);
  });
});

describe('a handler mounted with the guard', () => {
  const servers: http.Server[] = [];
  afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r)))));

  async function mounted(): Promise<string> {
    const state = new WechatApiState();
    state.registerApp({ appId: 'wx-guard', appSecret: 'guard-secret', accountType: 'service', verified: true });
    const handler = createWechatApiHandler(state, { prefix: '/__wechat-sim', controlGuard: localControlOnly() });
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://localhost:${(server.address() as AddressInfo).port}/__wechat-sim`;
  }

  it('answers a local program and refuses a browser-made or relayed request, without reading its body', async () => {
    const base = await mounted();
    expect((await fetch(`${base}/__sim/calls`)).status).toBe(200);
    const fromPage = await fetch(`${base}/__sim/reset`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: '{}' });
    expect(fromPage.status).toBe(403);
    expect(await fromPage.json()).toEqual({ error: 'forbidden', reason: 'no_browsers' });
    const relayed = await fetch(`${base}/__sim/calls`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(relayed.status).toBe(403);
    // Nothing was reset: the app registered above is still there.
    const apps = (await (await fetch(`${base}/__sim/apps`)).json()) as { apps: Array<{ appId: string }> };
    expect(apps.apps.map((a) => a.appId)).toContain('wx-guard');
  });

  it('keeps the fake WeChat endpoints open: they check the AppSecret as WeChat does', async () => {
    const base = await mounted();
    const token = await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=wx-guard&secret=guard-secret`, {
      headers: { 'x-forwarded-for': '203.0.113.9', origin: 'http://evil.example' },
    });
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ access_token: expect.any(String) });
  });
});
