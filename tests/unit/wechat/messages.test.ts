import { describe, expect, it } from 'vitest';
import { dedupKey, parseXmlFields, renderInboundXml, toInboundMessage, type InboundMessage } from '../../../lib/wechat';
import { errorCode } from './fixtures';

const common = { ToUserName: 'gh_c1v1c0000003', FromUserName: 'oUser1', CreateTime: 1717200000 };

function message(fields: Record<string, string | number>): InboundMessage {
  return toInboundMessage(parseXmlFields(renderInboundXml({ ...common, ...fields })));
}

function detail(m: InboundMessage): Record<string, unknown> {
  const { fields: _fields, toUserName: _to, fromUserName: _from, createTime: _time, ...rest } = m;
  return rest;
}

describe('toInboundMessage: normal messages', () => {
  it('reads a text message with the common fields', () => {
    const m = message({ MsgType: 'text', Content: '你好', MsgId: '24613478659412345678' });
    expect(m).toMatchObject({ toUserName: 'gh_c1v1c0000003', fromUserName: 'oUser1', createTime: 1717200000 });
    expect(detail(m)).toEqual({ msgType: 'text', msgId: '24613478659412345678', content: '你好' });
  });

  it('keeps a 20-digit MsgId exact, beyond Number.MAX_SAFE_INTEGER', () => {
    const m = message({ MsgType: 'text', Content: 'x', MsgId: '24613478659412345678' });
    expect(m.msgType === 'text' && m.msgId).toBe('24613478659412345678');
    const n = message({ MsgType: 'text', Content: 'x', MsgId: '9007199254740993' });
    expect(n.msgType === 'text' && n.msgId).toBe('9007199254740993');
  });

  it('reads image, voice, video, shortvideo and link messages', () => {
    expect(detail(message({ MsgType: 'image', PicUrl: 'http://p', MediaId: 'm1', MsgId: '1' }))).toEqual({
      msgType: 'image',
      msgId: '1',
      picUrl: 'http://p',
      mediaId: 'm1',
    });
    expect(detail(message({ MsgType: 'voice', MediaId: 'm', Format: 'amr', MsgId: '2' }))).toEqual({
      msgType: 'voice',
      msgId: '2',
      mediaId: 'm',
      format: 'amr',
      recognition: null,
    });
    expect(detail(message({ MsgType: 'voice', MediaId: 'm', Format: 'speex', Recognition: '预约', MsgId: '2' }))).toMatchObject({
      recognition: '预约',
    });
    for (const type of ['video', 'shortvideo']) {
      expect(detail(message({ MsgType: type, MediaId: 'm', ThumbMediaId: 't', MsgId: '3' }))).toEqual({
        msgType: type,
        msgId: '3',
        mediaId: 'm',
        thumbMediaId: 't',
      });
    }
    expect(detail(message({ MsgType: 'link', Title: 'T', Description: 'D', Url: 'https://u', MsgId: '4' }))).toEqual({
      msgType: 'link',
      msgId: '4',
      title: 'T',
      description: 'D',
      url: 'https://u',
    });
  });

  it('reads a location message with numeric coordinates', () => {
    const m = message({ MsgType: 'location', Location_X: '31.230416', Location_Y: '121.473701', Scale: '15', Label: '人民大道', MsgId: '5' });
    expect(detail(m)).toEqual({ msgType: 'location', msgId: '5', latitude: 31.230416, longitude: 121.473701, scale: 15, label: '人民大道' });
    const noLabel = message({ MsgType: 'location', Location_X: '-33.5', Location_Y: '151', Scale: '20', MsgId: '6' });
    expect(noLabel.msgType === 'location' && noLabel.label).toBe('');
  });

  it('keeps an unknown MsgType instead of refusing it', () => {
    const m = message({ MsgType: 'miniprogrampage', Title: 'x', MsgId: '77' });
    expect(detail(m)).toEqual({ msgType: 'other', originalType: 'miniprogrampage', msgId: '77' });
    expect(m.fields['Title']).toBe('x');
    expect(detail(message({ MsgType: 'newkind' }))).toEqual({ msgType: 'other', originalType: 'newkind', msgId: null });
  });

  it('strips NUL and repairs lone surrogates in every text value, fields included', () => {
    const m = toInboundMessage({ ...stringify(common), MsgType: 'text', Content: 'a\u0000b\uD800', MsgId: '1', Extra: { Deep: 'x\u0000' } });
    expect(m.msgType === 'text' && m.content).toBe('ab\uFFFD');
    expect(m.fields['Content']).toBe('ab\uFFFD');
    expect(m.fields['Extra']).toEqual({ Deep: 'x' });
  });
});

function stringify(fields: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)]));
}

describe('toInboundMessage: events', () => {
  const event = (fields: Record<string, string>) => message({ MsgType: 'event', ...fields });

  it('strips the qrscene_ prefix of a subscribe by QR code', () => {
    expect(detail(event({ Event: 'subscribe', EventKey: 'qrscene_district_07', Ticket: 'tk' }))).toEqual({
      msgType: 'event',
      event: 'subscribe',
      scene: 'district_07',
      ticket: 'tk',
    });
    expect(detail(event({ Event: 'subscribe' }))).toEqual({ msgType: 'event', event: 'subscribe', scene: null, ticket: null });
    expect(detail(event({ Event: 'subscribe', EventKey: '' }))).toMatchObject({ scene: null });
  });

  it('reads unsubscribe, SCAN, LOCATION, CLICK and VIEW', () => {
    expect(detail(event({ Event: 'unsubscribe' }))).toEqual({ msgType: 'event', event: 'unsubscribe' });
    expect(detail(event({ Event: 'SCAN', EventKey: '123', Ticket: 'tk' }))).toEqual({ msgType: 'event', event: 'SCAN', scene: '123', ticket: 'tk' });
    expect(detail(event({ Event: 'LOCATION', Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' }))).toEqual({
      msgType: 'event',
      event: 'LOCATION',
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119.38504,
    });
    expect(detail(event({ Event: 'CLICK', EventKey: 'MENU_HELP' }))).toEqual({ msgType: 'event', event: 'CLICK', eventKey: 'MENU_HELP' });
  });

  it('accepts both MenuId and MenuID on VIEW', () => {
    expect(detail(event({ Event: 'VIEW', EventKey: 'https://gov.cn', MenuId: '41' }))).toMatchObject({ menuId: '41' });
    expect(detail(event({ Event: 'VIEW', EventKey: 'https://gov.cn', MenuID: '42' }))).toMatchObject({ menuId: '42' });
    expect(detail(event({ Event: 'VIEW', EventKey: 'https://gov.cn' }))).toMatchObject({ menuId: null });
  });

  it('reads job-finish events from MsgID (capital D)', () => {
    expect(
      detail(
        event({
          Event: 'MASSSENDJOBFINISH',
          MsgID: '1000000338',
          Status: 'err(10001)',
          TotalCount: '296',
          FilterCount: '295',
          SentCount: '290',
          ErrorCount: '5',
        }),
      ),
    ).toEqual({
      msgType: 'event',
      event: 'MASSSENDJOBFINISH',
      msgId: '1000000338',
      status: 'err(10001)',
      totalCount: 296,
      filterCount: 295,
      sentCount: 290,
      errorCount: 5,
    });
    expect(detail(event({ Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'failed: system failed' }))).toEqual({
      msgType: 'event',
      event: 'TEMPLATESENDJOBFINISH',
      msgId: '200163836',
      status: 'failed: system failed',
    });
  });

  it('keeps an unknown event with its name', () => {
    const m = event({ Event: 'subscribe_msg_popup_event', Extra: 'x' });
    expect(detail(m)).toEqual({ msgType: 'event', event: 'other', eventName: 'subscribe_msg_popup_event' });
    expect(m.fields['Extra']).toBe('x');
  });
});

describe('toInboundMessage: defects', () => {
  const full = {
    ToUserName: 'gh_c1v1c0000003',
    FromUserName: 'oUser1',
    CreateTime: '1717200000',
    MsgType: 'text',
    Content: 'x',
    MsgId: '1',
  };

  it('reports a missing or empty common field as missing_field', () => {
    for (const name of ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'] as const) {
      const { [name]: _drop, ...rest } = full;
      expect(errorCode(() => toInboundMessage(rest)), name).toBe('missing_field');
      expect(errorCode(() => toInboundMessage({ ...full, [name]: '' })), name).toBe('missing_field');
    }
  });

  it('reports a non-integer CreateTime as malformed', () => {
    for (const bad of ['abc', '17172e5', '-1', '1.5', '0x10']) {
      expect(errorCode(() => toInboundMessage({ ...full, CreateTime: bad })), bad).toBe('malformed_xml');
    }
  });

  it('reports a malformed MsgId as malformed', () => {
    for (const bad of ['abc', '123456789012345678901', '-1', '1e3', '']) {
      expect(errorCode(() => toInboundMessage({ ...full, MsgId: bad })), bad).toBe('malformed_xml');
    }
  });

  it('reports a known type missing its own fields as malformed', () => {
    const { Content: _c, ...noContent } = full;
    expect(errorCode(() => toInboundMessage(noContent))).toBe('malformed_xml');
    const { MsgId: _m, ...noId } = full;
    expect(errorCode(() => toInboundMessage(noId))).toBe('malformed_xml');
    expect(errorCode(() => toInboundMessage({ ...full, MsgType: 'event' }))).toBe('malformed_xml');
    expect(errorCode(() => toInboundMessage({ ...full, MsgType: 'event', Event: 'CLICK' }))).toBe('malformed_xml');
    expect(errorCode(() => toInboundMessage({ ...full, MsgType: 'location', Location_X: 'north' }))).toBe('malformed_xml');
  });

  it('reports a nested element where text belongs as malformed, and a repeated one as duplicate', () => {
    expect(errorCode(() => toInboundMessage({ ...full, Content: { b: 'x' } }))).toBe('malformed_xml');
    expect(errorCode(() => toInboundMessage({ ...full, FromUserName: ['a', 'b'] }))).toBe('duplicate_field');
  });
});

describe('dedupKey', () => {
  it('keys messages on MsgId', () => {
    expect(dedupKey(message({ MsgType: 'text', Content: 'x', MsgId: '24613478659412345678' }))).toBe('m:24613478659412345678');
  });

  it('keys events on sender, time, event and EventKey', () => {
    const click = message({ MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_HELP' });
    expect(dedupKey(click)).toBe('e:oUser1:1717200000:CLICK:MENU_HELP');
    const sub = message({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_7' });
    expect(dedupKey(sub)).toBe('e:oUser1:1717200000:subscribe:qrscene_7');
    expect(dedupKey(message({ MsgType: 'event', Event: 'unsubscribe' }))).toBe('e:oUser1:1717200000:unsubscribe:');
  });

  it('keeps two different events of one user in the same second apart', () => {
    const subscribe = message({ MsgType: 'event', Event: 'subscribe' });
    const location = message({ MsgType: 'event', Event: 'LOCATION', Latitude: '1', Longitude: '2', Precision: '3' });
    expect(dedupKey(subscribe)).not.toBe(dedupKey(location));
  });

  it('gives a retried event the same key', () => {
    const a = message({ MsgType: 'event', Event: 'VIEW', EventKey: 'https://gov.cn/a', MenuId: '1' });
    const b = message({ MsgType: 'event', Event: 'VIEW', EventKey: 'https://gov.cn/a', MenuId: '1' });
    expect(dedupKey(a)).toBe(dedupKey(b));
  });

  it('keys a job-finish event as an event, never as the message with the same MsgId', () => {
    const m = message({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '42', Status: 'success' });
    expect(dedupKey(m)).toBe('e:oUser1:1717200000:TEMPLATESENDJOBFINISH:42');
    expect(dedupKey(m)).not.toBe(dedupKey(message({ MsgType: 'text', Content: 'x', MsgId: '42' })));
  });

  it('keeps the reports of two send jobs to one follower in one second apart, and a retry together', () => {
    const report = (msgId: string) => message({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: msgId, Status: 'success' });
    expect(dedupKey(report('42'))).not.toBe(dedupKey(report('43')));
    expect(dedupKey(report('42'))).toBe(dedupKey(report('42')));
    const mass = (msgId: string) =>
      message({ MsgType: 'event', Event: 'MASSSENDJOBFINISH', MsgID: msgId, Status: 'send success', TotalCount: '1', FilterCount: '1', SentCount: '1', ErrorCount: '0' });
    expect(dedupKey(mass('7'))).toBe('e:oUser1:1717200000:MASSSENDJOBFINISH:7');
  });

  it('keys unknown events by their name and unknown types by MsgId when they have one', () => {
    expect(dedupKey(message({ MsgType: 'event', Event: 'newthing', EventKey: 'k' }))).toBe('e:oUser1:1717200000:newthing:k');
    expect(dedupKey(message({ MsgType: 'newkind', MsgId: '9' }))).toBe('m:9');
    expect(dedupKey(message({ MsgType: 'newkind' }))).toBe('e:oUser1:1717200000:newkind:');
  });
});
