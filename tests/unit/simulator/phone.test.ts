import { describe, expect, it } from 'vitest';
import { parseXmlFields } from '../../../lib/wechat/xml';
import { renderInboundXml } from '../../../lib/wechat/compose';
import { renderReplyXml } from '../../../lib/wechat/reply';
import { toInboundMessage } from '../../../lib/wechat/messages';
import {
  citizenMessage,
  deliverPush,
  interactionFor,
  newMsgId,
  passiveReplyMessage,
  phonePushFields,
  simulatorBase,
  type PhoneAction,
} from '../../../lib/wechat/simulator/phone';
import { menuButtonName, phoneMenu } from '../../../lib/wechat/simulator/phone-menu';
import { PhoneSendInput } from '../../../lib/wechat/simulator/phone-input';
import { startHarness } from './sim-harness';

const random = Buffer.alloc(24, 7);
const push = (action: PhoneAction) =>
  phonePushFields({ originalId: 'gh_7b6a5f4e3d2c', openid: 'oCitizen', action, createTime: 1_736_128_800, msgId: '7283746129384756123', random });
/** Each push, rendered and read back by the webhook's own parser. */
const roundTrip = (action: PhoneAction) => toInboundMessage(parseXmlFields(renderInboundXml(push(action))));

describe('the pushes the phone renders', () => {
  it('issues 64-bit MsgIds above 2^53 as strings, distinct within one millisecond', () => {
    const a = newMsgId(1_736_128_800_000, Buffer.from([0, 0, 1]));
    const b = newMsgId(1_736_128_800_000, Buffer.from([0, 0, 2]));
    expect(a).not.toBe(b);
    expect(BigInt(a)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(BigInt(a)).toBeLessThan(2n ** 63n);
  });

  it('renders every action as a push the webhook parses', () => {
    expect(roundTrip({ kind: 'text', content: '身份证 ]]> <b>' })).toMatchObject({ msgType: 'text', content: '身份证 ]]> <b>', msgId: '7283746129384756123' });
    expect(roundTrip({ kind: 'location', latitude: 23.047398, longitude: 112.465094, label: '肇庆市公安局' })).toMatchObject({
      msgType: 'location',
      latitude: 23.047398,
      longitude: 112.465094,
      label: '肇庆市公安局',
    });
    expect(roundTrip({ kind: 'image' })).toMatchObject({ msgType: 'image', picUrl: expect.stringMatching(/^http:\/\/mmbiz\.qpic\.cn\//) });
    expect(roundTrip({ kind: 'click', key: 'POLICE_GUIDE' })).toMatchObject({ event: 'CLICK', eventKey: 'POLICE_GUIDE' });
    expect(roundTrip({ kind: 'view', url: 'https://www.zqga.example.cn/report' })).toMatchObject({ event: 'VIEW', eventKey: 'https://www.zqga.example.cn/report' });
    expect(roundTrip({ kind: 'subscribe', scene: 'event:1024' })).toMatchObject({ event: 'subscribe', scene: 'event:1024', ticket: expect.any(String) });
    expect(roundTrip({ kind: 'subscribe' })).toMatchObject({ event: 'subscribe', scene: null, ticket: null });
    expect(roundTrip({ kind: 'scan', scene: 'directory' })).toMatchObject({ event: 'SCAN', scene: 'directory' });
    expect(roundTrip({ kind: 'unsubscribe' })).toMatchObject({ event: 'unsubscribe' });
  });

  it('writes CreateTime in seconds and the prefixed scene only on subscribe', () => {
    expect(push({ kind: 'subscribe', scene: 'directory' })).toMatchObject({ CreateTime: 1_736_128_800, EventKey: 'qrscene_directory' });
    expect(push({ kind: 'scan', scene: 'directory' }).EventKey).toBe('directory');
  });

  it('tells the simulator what opens a customer-service window, and nothing for a VIEW', () => {
    expect(interactionFor({ kind: 'text', content: 'x' })).toEqual({ kind: 'message' });
    expect(interactionFor({ kind: 'image' })).toEqual({ kind: 'message' });
    expect(interactionFor({ kind: 'click', key: 'K' })).toEqual({ kind: 'click' });
    expect(interactionFor({ kind: 'view', url: 'https://a.example' })).toBeNull();
    expect(interactionFor({ kind: 'subscribe', scene: 'directory' })).toEqual({ kind: 'subscribe', scene: 'directory' });
    expect(interactionFor({ kind: 'unsubscribe' })).toEqual({ kind: 'unsubscribe' });
  });

  it("shows the citizen's own line in custom/send's shape", () => {
    const image = push({ kind: 'image' });
    expect(citizenMessage({ kind: 'image' }, image)).toEqual({ msgtype: 'image', payload: { pic_url: image.PicUrl, media_id: image.MediaId } });
    expect(citizenMessage({ kind: 'click', key: 'K' }, {})).toEqual({ msgtype: 'event', payload: { event: 'CLICK', key: 'K' } });
  });
});

describe('passive replies as the phone shows them', () => {
  const ctx = { toUser: 'oCitizen', fromUser: 'gh_x', createTime: 1, maxArticles: 8 } as const;
  const fields = (xml: string) => parseXmlFields(xml);

  it('reads text, news with one or several articles, and shows nothing for a transfer', () => {
    expect(passiveReplyMessage(fields(renderReplyXml({ type: 'text', content: '你好\n世界' }, ctx)))).toEqual({ msgtype: 'text', payload: { content: '你好\n世界' } });
    const one = renderReplyXml({ type: 'news', articles: [{ title: '活动', url: 'https://a.example/1' }] }, ctx);
    expect(passiveReplyMessage(fields(one))).toEqual({ msgtype: 'news', payload: { articles: [{ title: '活动', url: 'https://a.example/1' }] } });
    const two = renderReplyXml({ type: 'news', articles: [{ title: 'A', description: 'a' }, { title: 'B' }] }, ctx);
    expect(passiveReplyMessage(fields(two))?.payload.articles).toEqual([{ title: 'A', description: 'a' }, { title: 'B' }]);
    expect(passiveReplyMessage(fields(renderReplyXml({ type: 'transfer_customer_service' }, ctx)))).toBeNull();
    expect(passiveReplyMessage(fields(renderReplyXml({ type: 'image', mediaId: 'M1' }, ctx)))).toEqual({ msgtype: 'image', payload: { media_id: 'M1' } });
  });
});

describe("WeChat's delivery behaviour", () => {
  it('re-sends the identical request after non-200 answers and stops at the first 200', async () => {
    const calls: string[] = [];
    const statuses = [500, 503, 200];
    const fakeFetch = (async (url: string) => {
      calls.push(url);
      return new Response('success', { status: statuses[calls.length - 1] });
    }) as unknown as typeof fetch;
    const result = await deliverPush({ url: 'http://x/api/wechat/a?signature=s&nonce=1', body: '<xml/>', fetch: fakeFetch, timeoutMs: 1000, retries: 3, retryDelayMs: 0 });
    expect(result).toEqual({ status: 200, attempts: 3, body: 'success' });
    expect(new Set(calls)).toEqual(new Set(['http://x/api/wechat/a?signature=s&nonce=1']));
  });

  it('gives up after the first delivery and three retries when nothing answers in time', async () => {
    let calls = 0;
    const hang = (async () => {
      calls += 1;
      return new Promise<Response>(() => {});
    }) as unknown as typeof fetch;
    const result = await deliverPush({ url: 'http://x/', body: '', fetch: hang, timeoutMs: 20, retries: 3, retryDelayMs: 0 });
    expect(result).toEqual({ status: null, attempts: 4, body: null });
    expect(calls).toBe(4);
  });

  it('never sends simulator reports to the real WeChat API', () => {
    expect(simulatorBase('https://api.weixin.qq.com')).toBeNull();
    expect(simulatorBase('http://localhost:3000/__wechat-sim/')).toBe('http://localhost:3000/__wechat-sim');
  });
});

describe('the phone menu', () => {
  it('draws click, view and group buttons and refuses non-web links', () => {
    const menu = phoneMenu({
      button: [
        { type: 'click', name: '办事指南', key: 'GUIDE' },
        { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://a.example' }, { type: 'view', name: '坏链接', url: 'javascript:alert(1)' }, { type: 'click', name: '咨询', key: 'ASK' }] },
        { type: 'miniprogram', name: '小程序', appid: 'wx1', pagepath: 'p', url: 'https://b.example' },
      ],
    });
    expect(menu).toEqual([
      { name: '办事指南', type: 'click', key: 'GUIDE' },
      {
        name: '更多',
        type: 'group',
        sub: [
          { name: '官网', type: 'view', url: 'https://a.example' },
          { name: '坏链接', type: 'other' },
          { name: '咨询', type: 'click', key: 'ASK' },
        ],
      },
      { name: '小程序', type: 'other' },
    ]);
    expect(menuButtonName(menu, 'ASK')).toBe('咨询');
    expect(phoneMenu(null)).toEqual([]);
    expect(phoneMenu({ button: 'nope' })).toEqual([]);
  });

  it('validates what the page may ask the phone to do', () => {
    expect(PhoneSendInput.safeParse({ account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'text', content: '身份证' } }).success).toBe(true);
    expect(PhoneSendInput.safeParse({ account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'text', content: '   ' } }).success).toBe(false);
    expect(PhoneSendInput.safeParse({ account: 'zhaoqing-police', openid: 'o<script>', action: { kind: 'image' } }).success).toBe(false);
    expect(PhoneSendInput.safeParse({ account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'view', url: 'javascript:x' } }).success).toBe(false);
    expect(PhoneSendInput.safeParse({ account: 'zhaoqing-police', openid: 'oDemoCitizen01', action: { kind: 'subscribe', scene: 'has space' } }).success).toBe(false);
  });
});

describe('the simulated conversation (control API)', () => {
  it('merges what the phone recorded with API deliveries in order, and pages with after=', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const chat = (via: string, content: string) => h.post('/__sim/chat', { appId: acct.appId, openid: 'o-citizen', via, msgtype: 'text', payload: { content } });
    await acct.citizen('o-citizen', 'message');
    expect((await chat('citizen', '你好')).ok).toBe(true);
    await chat('passive', '自动回复');
    expect((await acct.post('/cgi-bin/message/custom/send', { touser: 'o-citizen', msgtype: 'text', text: { content: '人工回复' } })).errcode).toBe(0);

    const all = await h.get('/__sim/conversation', { appId: acct.appId, openid: 'o-citizen' });
    expect(all.messages.map((m: { via: string; payload: { content: string } }) => [m.via, m.payload.content])).toEqual([
      ['citizen', '你好'],
      ['passive', '自动回复'],
      ['custom', '人工回复'],
    ]);
    expect(all.window.subscribed).toBe(true);
    const later = await h.get('/__sim/conversation', { appId: acct.appId, openid: 'o-citizen', after: String(all.messages[0].seq) });
    expect(later.messages).toHaveLength(2);
    // The API inbox stays what it was: deliveries only.
    const inbox = await h.get('/__sim/inbox', { appId: acct.appId, openid: 'o-citizen' });
    expect(inbox.messages.map((m: { via: string }) => m.via)).toEqual(['custom']);
  });

  it('refuses chat lines for unknown accounts and malformed ones', async () => {
    const h = await startHarness();
    const acct = await h.account();
    const unknown = await fetch(`${h.sim.url}/__sim/chat`, { method: 'POST', body: JSON.stringify({ appId: 'wxnope', openid: 'o1', via: 'citizen', msgtype: 'text', payload: {} }) });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${h.sim.url}/__sim/chat`, { method: 'POST', body: JSON.stringify({ appId: acct.appId, openid: 'o1', via: 'custom', msgtype: 'text', payload: {} }) });
    expect(bad.status).toBe(400);
    expect((await fetch(`${h.sim.url}/__sim/conversation?appId=wxnope&openid=o1`)).status).toBe(404);
  });
});
