import { describe, expect, it } from 'vitest';
import { startHarness } from './sim-harness';

const QR = '/cgi-bin/qrcode/create';

describe('simulated parametric QR codes (docs/wechat-protocol.md §6.6)', () => {
  it('creates a temporary code with the 60 s default and resolves its ticket to the scene', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const qr = await acct.post(QR, { action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'event:17' } } });
    expect(qr.expire_seconds).toBe(60);
    expect(qr.url).toBe(`http://weixin.qq.com/q/${qr.ticket}`);
    expect(h.state.resolveTicket(qr.url)).toMatchObject({ appId: acct.appId, sceneStr: 'event:17', expired: false });
    const viaControl = await h.get('/__sim/qrcode', { ticket: qr.ticket });
    expect(viaControl.qrcode).toMatchObject({ sceneStr: 'event:17', permanent: false });
    h.clock.advance(60_000);
    expect(h.state.resolveTicket(qr.ticket)?.expired).toBe(true);
  });

  it('caps expire_seconds at 30 days', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const qr = await acct.post(QR, { expire_seconds: 9_999_999, action_name: 'QR_SCENE', action_info: { scene: { scene_id: 5 } } });
    expect(qr.expire_seconds).toBe(2_592_000);
  });

  it('gives a permanent code no expiry and the same ticket for the same scene', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const body = { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 100_000 } } };
    const a = await acct.post(QR, body);
    expect(a.expire_seconds).toBeUndefined();
    expect((await acct.post(QR, body)).ticket).toBe(a.ticket);
    expect(h.state.resolveTicket(a.ticket)).toMatchObject({ sceneId: 100_000, permanent: true });
  });

  it('refuses out-of-range scenes (40053) and unknown action names (40052)', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const limit = (scene: object, action_name = 'QR_LIMIT_SCENE') => acct.post(QR, { action_name, action_info: { scene } });
    expect((await limit({ scene_id: 100_001 })).errcode).toBe(40053);
    expect((await limit({ scene_id: 0 })).errcode).toBe(40053);
    expect((await limit({ scene_str: '' }, 'QR_LIMIT_STR_SCENE')).errcode).toBe(40053);
    expect((await limit({ scene_str: 'x'.repeat(65) }, 'QR_LIMIT_STR_SCENE')).errcode).toBe(40053);
    expect((await limit({ scene_str: 'x'.repeat(64) }, 'QR_LIMIT_STR_SCENE')).ticket).toBeDefined();
    expect((await limit({ scene_id: 0 }, 'QR_SCENE')).errcode).toBe(40053);
    expect((await limit({ scene_id: 1 }, 'QR_FOREVER')).errcode).toBe(40052);
  });

  it('refuses QR codes to a subscription account with 48001', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    expect((await acct.post(QR, { action_name: 'QR_SCENE', action_info: { scene: { scene_id: 1 } } })).errcode).toBe(48001);
  });

  it('records the QR scene on a follow reported with the ticket', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    const qr = await acct.post(QR, { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 9 } } });
    await acct.citizen('o-scan', 'subscribe', { ticket: qr.ticket });
    expect(await acct.get('/cgi-bin/user/info', { openid: 'o-scan' })).toMatchObject({
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 9,
      qr_scene_str: '',
    });
  });
});

describe('simulated custom menu (docs/wechat-protocol.md §6.8)', () => {
  const click = (name: string, key = name) => ({ type: 'click', name, key });

  it('stores a valid menu and returns it from menu/get', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription' });
    expect((await acct.get('/cgi-bin/menu/get')).errcode).toBe(46003);
    const button = [
      click('办事指南', 'GUIDE'),
      { name: '服务', sub_button: [{ type: 'view', name: '预约', url: 'https://example.gov.cn/book' }, click('咨询', 'ASK')] },
    ];
    expect((await acct.post('/cgi-bin/menu/create', { button })).errcode).toBe(0);
    const { menu } = await acct.get('/cgi-bin/menu/get');
    expect(menu.button[0]).toEqual({ type: 'click', name: '办事指南', key: 'GUIDE', sub_button: [] });
    expect(menu.button[1].sub_button[0]).toEqual({ type: 'view', name: '预约', url: 'https://example.gov.cn/book', sub_button: [] });
  });

  it('refuses 0 or 4 buttons (40016), 6 sub-buttons (40023), bad types (40017/40024) and long names (40018)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const create = (button: unknown) => acct.post('/cgi-bin/menu/create', { button });
    expect((await create([])).errcode).toBe(40016);
    expect((await create([click('a'), click('b'), click('c'), click('d')])).errcode).toBe(40016);
    const six = Array.from({ length: 6 }, (_, i) => click(`s${i}`));
    expect((await create([{ name: 'more', sub_button: six }])).errcode).toBe(40023);
    expect((await create([{ type: 'dance', name: 'x', key: 'k' }])).errcode).toBe(40017);
    expect((await create([{ name: 'm', sub_button: [{ type: 'dance', name: 'x' }] }])).errcode).toBe(40024);
    expect((await create([click('一二三四五六')])).errcode).toBe(40018);
    expect((await create([{ type: 'view', name: 'v' }])).errcode).toBe(40020);
  });

  it('refuses menus to an unverified subscription account with 48001', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription', verified: false });
    expect((await acct.post('/cgi-bin/menu/create', { button: [click('a')] })).errcode).toBe(48001);
  });
});

describe('simulated template messages (docs/wechat-protocol.md §6.7)', () => {
  const template = (touser: string, extra: Record<string, unknown> = {}) => ({
    touser,
    template_id: 'tpl-appointment',
    url: 'https://example.gov.cn/a/1',
    data: { first: { value: '旧字段' }, keyword1: { value: '户籍办理' }, remark: { value: '旧字段' } },
    ...extra,
  });

  it('delivers to a follower of a verified service account, records the msgid and drops first/remark', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service', verified: true });
    await acct.citizen('o-a', 'subscribe');
    const sent = await acct.post('/cgi-bin/message/template/send', template('o-a'));
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(sent.msgid).toBeTypeOf('number');
    expect(h.state.templateSends(acct.appId)[0]?.msgid).toBe(sent.msgid);
    const [delivery] = h.state.inbox(acct.appId, 'o-a');
    expect(delivery).toMatchObject({ via: 'template', msgId: sent.msgid });
    expect((delivery?.payload as { data: object }).data).toEqual({ keyword1: { value: '户籍办理' } });
  });

  it('refuses template messages to subscription and unverified service accounts with 48001', async () => {
    const h = await startHarness();
    for (const opts of [{ type: 'subscription' as const, verified: true }, { type: 'service' as const, verified: false }]) {
      const acct = await h.account(opts);
      await acct.citizen('o-a', 'subscribe');
      expect((await acct.post('/cgi-bin/message/template/send', template('o-a'))).errcode).toBe(48001);
    }
  });

  it('requires the recipient to follow (43004) and sends a client_msg_id once', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'service' });
    await acct.citizen('o-a', 'subscribe');
    await acct.citizen('o-gone', 'subscribe');
    await acct.citizen('o-gone', 'unsubscribe');
    expect((await acct.post('/cgi-bin/message/template/send', template('o-gone'))).errcode).toBe(43004);
    const first = await acct.post('/cgi-bin/message/template/send', template('o-a', { client_msg_id: 'appt-1' }));
    const second = await acct.post('/cgi-bin/message/template/send', template('o-a', { client_msg_id: 'appt-1' }));
    expect(second.msgid).toBe(first.msgid);
    expect(h.state.inbox(acct.appId, 'o-a')).toHaveLength(1);
  });
});

describe('simulated QR follows', () => {
  it('refuses a follow through an expired or foreign QR ticket', async () => {
    const h = await startHarness();
    const a = await h.account({ type: 'service' });
    const b = await h.account({ type: 'service' });
    const qr = await a.post(QR, { action_name: 'QR_SCENE', action_info: { scene: { scene_id: 3 } } });
    const foreign = await h.post('/__sim/interactions', { appId: b.appId, openid: 'o-x', kind: 'subscribe', ticket: qr.ticket });
    expect(foreign).toMatchObject({ error: 'rejected', errcode: 40053 });
    h.clock.advance(61_000);
    const expired = await h.post('/__sim/interactions', { appId: a.appId, openid: 'o-x', kind: 'subscribe', ticket: qr.ticket });
    expect(expired).toMatchObject({ error: 'rejected', errcode: 40053 });
  });
});
