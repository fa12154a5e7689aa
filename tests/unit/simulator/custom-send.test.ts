import { describe, expect, it } from 'vitest';
import { startHarness, text } from './sim-harness';

const SEND = '/cgi-bin/message/custom/send';

describe('simulated customer-service window (docs/wechat-protocol.md §6.2)', () => {
  it('refuses a reply to a follower who never wrote with 45015', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'subscribe');
    h.clock.advance(61_000);
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(45015);
  });

  it('allows 5 replies after a citizen message, then answers 45047', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    for (let i = 0; i < 5; i += 1) expect((await acct.post(SEND, text('o-citizen', `reply ${i}`))).errcode).toBe(0);
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(45047);
    const inbox = await h.get('/__sim/inbox', { appId: acct.appId, openid: 'o-citizen' });
    expect(inbox.messages.map((m: { payload: { content: string } }) => m.payload.content)).toEqual([
      'reply 0',
      'reply 1',
      'reply 2',
      'reply 3',
      'reply 4',
    ]);
    expect(inbox.messages[0].via).toBe('custom');
  });

  it('closes the message window after 48 hours and reopens it with a new message', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    h.clock.advance(48 * 3600_000);
    await acct.renewToken();
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(45015);
    await acct.citizen('o-citizen', 'message');
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(0);
  });

  it('allows 3 replies within a minute of a follow', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-new', 'subscribe');
    for (let i = 0; i < 3; i += 1) expect((await acct.post(SEND, text('o-new'))).errcode).toBe(0);
    expect((await acct.post(SEND, text('o-new'))).errcode).toBe(45047);
    await acct.citizen('o-late', 'subscribe');
    h.clock.advance(60_000);
    expect((await acct.post(SEND, text('o-late'))).errcode).toBe(45015);
  });

  it('resets a window when the same kind of interaction happens again', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'click');
    for (let i = 0; i < 3; i += 1) await acct.post(SEND, text('o-citizen'));
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(45047);
    await acct.citizen('o-citizen', 'click');
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(0);
  });

  it('answers 45015 once the citizen unfollows, even inside a window', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    await acct.citizen('o-citizen', 'unsubscribe');
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(45015);
  });

  it('answers 40003 for an openid the account has never seen', async () => {
    const h = await startHarness();
    const acct = await h.account();
    expect((await acct.post(SEND, text('o-stranger'))).errcode).toBe(40003);
  });

  it('refuses news with more than one article (45008) without spending the window', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    const article = { title: '通知', description: '…', url: 'https://example.gov.cn', picurl: '' };
    const two = { touser: 'o-citizen', msgtype: 'news', news: { articles: [article, article] } };
    expect((await acct.post(SEND, two)).errcode).toBe(45008);
    expect((await acct.post(SEND, { ...two, news: { articles: [article] } })).errcode).toBe(0);
    expect(h.state.serviceWindow(acct.appId, 'o-citizen').remaining).toBe(4);
  });

  it('rejects unknown message types (40008) and empty text (44004)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    expect((await acct.post(SEND, { touser: 'o-citizen', msgtype: 'fax', fax: {} })).errcode).toBe(40008);
    expect((await acct.post(SEND, text('o-citizen', ''))).errcode).toBe(44004);
  });

  it('shows typing inside the window without spending it, and refuses it outside (45015)', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    expect((await acct.post('/cgi-bin/message/custom/typing', { touser: 'o-citizen', command: 'Typing' })).errcode).toBe(0);
    expect(h.state.isTyping(acct.appId, 'o-citizen')).toBe(true);
    expect(h.state.serviceWindow(acct.appId, 'o-citizen').remaining).toBe(5);
    await acct.citizen('o-quiet', 'subscribe');
    h.clock.advance(61_000);
    expect((await acct.post('/cgi-bin/message/custom/typing', { touser: 'o-quiet', command: 'Typing' })).errcode).toBe(45015);
  });

  it('refuses customer-service sends from an unverified account with 48001', async () => {
    const h = await startHarness();
    const acct = await h.account({ type: 'subscription', verified: false });
    await acct.citizen('o-citizen', 'message');
    expect((await acct.post(SEND, text('o-citizen'))).errcode).toBe(48001);
  });

  it('lists only deliveries after `since`', async () => {
    const h = await startHarness();
    const acct = await h.account();
    await acct.citizen('o-citizen', 'message');
    await acct.post(SEND, text('o-citizen', 'first'));
    const mark = h.clock.now();
    h.clock.advance(1000);
    await acct.post(SEND, text('o-citizen', 'second'));
    const inbox = await h.get('/__sim/inbox', { appId: acct.appId, openid: 'o-citizen', since: String(mark) });
    expect(inbox.messages.map((m: { payload: { content: string } }) => m.payload.content)).toEqual(['second']);
    expect(inbox.window.remaining).toBe(3);
  });
});
