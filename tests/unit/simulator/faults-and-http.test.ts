import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWechatApiHandler, DEMO_APPS, registerDemoApps, WechatApiState } from '../../../lib/wechat/simulator';
import { startHarness, text } from './sim-harness';

const SEND = '/cgi-bin/message/custom/send';

describe('simulator fault scripts (docs/reliability.md J1, J7, R13)', () => {
  it('fails the next two matching calls with -1, then succeeds', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'message');
    expect((await h.post('/__sim/script', { path: SEND, errcode: -1, times: 2 })).ok).toBe(true);
    expect((await acct.post(SEND, text('o-a'))).errcode).toBe(-1);
    expect((await acct.post(SEND, text('o-a'))).errcode).toBe(-1);
    expect((await acct.post(SEND, text('o-a'))).errcode).toBe(0);
    // Scripted failures did not reach WeChat's logic, so only one reply was spent.
    expect(h.state.serviceWindow(acct.appId, 'o-a').remaining).toBe(4);
    expect(h.state.calls({ path: SEND }).map((c) => c.errcode)).toEqual([-1, -1, 0]);
  });

  it('answers a scripted 40001 once so a client can refresh and retry', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.state.script({ path: '/cgi-bin/tags/get', errcode: 40001 });
    expect((await acct.get('/cgi-bin/tags/get')).errcode).toBe(40001);
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
  });

  it('answers a scripted HTTP 502 with an HTML body', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.state.script({ path: SEND, httpStatus: 502 });
    const res = await fetch(`${h.sim.url}${SEND}?access_token=${acct.token}`, { method: 'POST', body: JSON.stringify(text('o-a')) });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain('502');
  });

  it('delays a call long enough for a client timeout to fire', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.state.script({ path: '/cgi-bin/tags/get', delayMs: 5000 });
    const started = Date.now();
    const timedOut = fetch(`${h.sim.url}/cgi-bin/tags/get?access_token=${acct.token}`, { signal: AbortSignal.timeout(150) });
    await expect(timedOut).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
  });

  it('delays then answers normally when only delayMs is scripted', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.state.script({ path: '/cgi-bin/tags/get', delayMs: 120 });
    const started = Date.now();
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('drops the connection when scripted, which a client sees as a network error', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.state.script({ path: '/cgi-bin/tags/get', dropConnection: true });
    await expect(fetch(`${h.sim.url}/cgi-bin/tags/get?access_token=${acct.token}`)).rejects.toThrow();
  });

  it('limits a scripted fault to the named app', async () => {
    const h = await startHarness();
    const a = await h.account();
    const b = await h.account();
    h.state.script({ path: '/cgi-bin/tags/get', errcode: 45009, appId: b.appId });
    expect((await a.get('/cgi-bin/tags/get')).tags).toBeDefined();
    expect((await b.get('/cgi-bin/tags/get')).errcode).toBe(45009);
  });
});

describe('simulator HTTP surface', () => {
  it('logs calls with the access_token and secrets redacted', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.get('/cgi-bin/tags/get');
    const { calls } = await h.get('/__sim/calls', { path: '/cgi-bin/tags/get' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/cgi-bin/tags/get', appId: acct.appId, errcode: 0 });
    expect(calls[0].query.access_token).toBe('[redacted]');
    const everything = JSON.stringify(h.state.calls());
    expect(everything).not.toContain(acct.token);
    expect(everything).not.toContain(acct.secret);
  });

  it('answers malformed JSON with 47001 over HTTP 200', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const res = await fetch(`${h.sim.url}${SEND}?access_token=${acct.token}`, { method: 'POST', body: '{"touser":' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errcode: number }).errcode).toBe(47001);
  });

  it('refuses bodies over 1 MiB', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const big = JSON.stringify({ touser: 'o-a', msgtype: 'text', text: { content: 'x'.repeat(1024 * 1024) } });
    const res = await fetch(`${h.sim.url}${SEND}?access_token=${acct.token}`, { method: 'POST', body: big });
    expect(res.status).toBe(413);
  });

  it('answers an unsimulated WeChat path with 48001 and other paths with 404', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const unknown = await acct.post('/cgi-bin/shorturl', {});
    expect(unknown.errcode).toBe(48001);
    expect(unknown.errmsg).toContain('rid: ');
    expect((await fetch(`${h.sim.url}/somewhere`)).status).toBe(404);
  });

  it('answers 45009 once an API’s configured daily limit is used and reports usage via quota/get', async () => {
    const h = await startHarness();
    const acct = await h.account({ limits: { '/cgi-bin/tags/get': 1 } });
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
    expect((await acct.get('/cgi-bin/tags/get')).errcode).toBe(45009);
    const q = await acct.post('/cgi-bin/openapi/quota/get', { cgi_path: '/cgi-bin/tags/get' });
    expect(q.quota).toEqual({ daily_limit: 1, used: 1, remain: 0 });
    expect((await acct.post('/cgi-bin/clear_quota', { appid: acct.appId })).errcode).toBe(0);
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
  });

  it('serves WeChat and control paths under a mount prefix', async () => {
    const state = new WechatApiState();
    registerDemoApps(state);
    const handler = createWechatApiHandler(state, { prefix: '/__wechat-sim' });
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const demo = DEMO_APPS[1]!;
      const token = await fetch(
        `${base}/__wechat-sim/cgi-bin/token?grant_type=client_credential&appid=${demo.appId}&secret=demo-secret-${demo.appId}`,
      ).then((r) => r.json() as Promise<{ access_token: string }>);
      expect(token.access_token).toBeDefined();
      const health = await fetch(`${base}/__wechat-sim/__sim/health`).then((r) => r.json() as Promise<{ ok: boolean; apps: number }>);
      expect(health).toMatchObject({ ok: true, apps: 2 });
      expect((await fetch(`${base}/cgi-bin/token`)).status).toBe(404);
    } finally {
      handler.abortPending();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('validates control requests and resets state while keeping registered accounts', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-a', 'message');
    const bad = await fetch(`${h.sim.url}/__sim/interactions`, {
      method: 'POST',
      body: JSON.stringify({ appId: acct.appId, openid: 'o-a', kind: 'wave' }),
    });
    expect(bad.status).toBe(400);
    expect((await h.post('/__sim/reset', {})).ok).toBe(true);
    expect(h.state.follower(acct.appId, 'o-a')).toBeUndefined();
    expect((await acct.get('/cgi-bin/tags/get')).errcode).toBe(40001);
    await acct.renewToken();
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
  });
});
