import { describe, expect, it } from 'vitest';
import { startHarness } from './sim-harness';

const classic = (appid: string, secret: string) => ({ grant_type: 'client_credential', appid, secret });

describe('simulated access_token (docs/wechat-protocol.md §6.1)', () => {
  it('keeps the previous classic token working for 5 minutes after a new fetch, then refuses it with 40001', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const first = await h.get('/cgi-bin/token', classic(acct.appId, acct.secret));
    expect(first.expires_in).toBe(7200);
    expect(first.access_token.length).toBeGreaterThanOrEqual(100);
    const second = await h.get('/cgi-bin/token', classic(acct.appId, acct.secret));
    expect(second.access_token).not.toBe(first.access_token);

    h.clock.advance(4 * 60_000);
    expect((await h.get('/cgi-bin/tags/get', { access_token: first.access_token })).tags).toBeDefined();
    h.clock.advance(61_000);
    expect((await h.get('/cgi-bin/tags/get', { access_token: first.access_token })).errcode).toBe(40001);
    expect((await h.get('/cgi-bin/tags/get', { access_token: second.access_token })).tags).toBeDefined();
  });

  it('returns the same stable_token while valid and leaves classic tokens alone', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const classicToken = (await h.get('/cgi-bin/token', classic(acct.appId, acct.secret))).access_token;
    h.clock.advance(60_000);
    const again = await h.post('/cgi-bin/stable_token', classic(acct.appId, acct.secret));
    expect(again.access_token).toBe(acct.token);
    expect(again.expires_in).toBe(7200 - 60);
    expect((await h.get('/cgi-bin/tags/get', { access_token: classicToken })).tags).toBeDefined();
  });

  it('renews the stable token in its last 5 minutes while the old one runs to expiry', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.clock.advance(7200_000 - 4 * 60_000);
    const renewed = await h.post('/cgi-bin/stable_token', classic(acct.appId, acct.secret));
    expect(renewed.access_token).not.toBe(acct.token);
    expect(renewed.expires_in).toBe(7200);
    expect((await acct.get('/cgi-bin/tags/get')).tags).toBeDefined();
  });

  it('answers 42001 once a token has expired', async () => {
    const h = await startHarness();
    const acct = await h.account();
    h.clock.advance(7200_000);
    expect((await acct.get('/cgi-bin/tags/get')).errcode).toBe(42001);
  });

  it('answers 40001 for an unknown token, 40014 for a malformed one and 41001 without one', async () => {
    const h = await startHarness();
    await h.account();
    const unknown = `12_${'A'.repeat(120)}`;
    expect((await h.get('/cgi-bin/tags/get', { access_token: unknown })).errcode).toBe(40001);
    expect((await h.get('/cgi-bin/tags/get', { access_token: 'nope' })).errcode).toBe(40014);
    const missing = await h.get('/cgi-bin/tags/get');
    expect(missing.errcode).toBe(41001);
    expect(missing.errmsg).toMatch(/^access_token missing rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  it('refuses a wrong secret with 40125 and an unknown appid with 40013, over HTTP 200', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const res = await fetch(`${h.sim.url}/cgi-bin/token?grant_type=client_credential&appid=${acct.appId}&secret=wrong`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { errcode: number }).errcode).toBe(40125);
    expect((await h.post('/cgi-bin/stable_token', classic('wx0000000000000bad', 'x'))).errcode).toBe(40013);
    expect((await h.get('/cgi-bin/token', { grant_type: 'password', appid: acct.appId, secret: acct.secret })).errcode).toBe(40002);
  });

  it('invalidates the stable token on force_refresh, allowing one per 30 s', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const body = { ...classic(acct.appId, acct.secret), force_refresh: true };
    const forced = await h.post('/cgi-bin/stable_token', body);
    expect(forced.access_token).not.toBe(acct.token);
    expect((await acct.get('/cgi-bin/tags/get')).errcode).toBe(40001);
    expect((await h.post('/cgi-bin/stable_token', body)).errcode).toBe(45011);
    h.clock.advance(30_000);
    expect((await h.post('/cgi-bin/stable_token', body)).access_token).toBeDefined();
  });

  it('limits force_refresh to 20 a day', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const body = { ...classic(acct.appId, acct.secret), force_refresh: true };
    for (let i = 0; i < 20; i += 1) {
      expect((await h.post('/cgi-bin/stable_token', body)).access_token).toBeDefined();
      h.clock.advance(31_000);
    }
    expect((await h.post('/cgi-bin/stable_token', body)).errcode).toBe(45009);
  });

  it('requires POST for stable_token (43002)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    expect((await h.get('/cgi-bin/stable_token', classic(acct.appId, acct.secret))).errcode).toBe(43002);
  });

  it('stops issuing classic tokens at the configured daily quota with 45009 until Beijing midnight', async () => {
    const h = await startHarness();
    const acct = await h.account({ limits: { '/cgi-bin/token': 2 } });
    const q = classic(acct.appId, acct.secret);
    expect((await h.get('/cgi-bin/token', q)).access_token).toBeDefined();
    expect((await h.get('/cgi-bin/token', q)).access_token).toBeDefined();
    expect((await h.get('/cgi-bin/token', q)).errcode).toBe(45009);
    // Harness clock starts at 10:00 Beijing; 14 h later is the next Beijing day.
    h.clock.advance(14 * 3600_000);
    expect((await h.get('/cgi-bin/token', q)).access_token).toBeDefined();
  });
});
