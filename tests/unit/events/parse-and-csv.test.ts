import { describe, expect, it } from 'vitest';
import { csvCell, maskPhone, toCsv } from '../../../lib/events/csv';
import { parseBody } from '../../../lib/events/markdown';
import { EVENTS_MENU_KEY, parseEventCommand } from '../../../lib/events/parse-command';
import type { InboundMessage } from '../../../lib/wechat/messages';

const text = (content: string) => ({ msgType: 'text', content }) as unknown as InboundMessage;
const ev = (event: 'subscribe' | 'SCAN', scene: string | null) => ({ msgType: 'event', event, scene }) as unknown as InboundMessage;

describe('event commands', () => {
  it('reads keywords with or without a (full-width) space and full-width digits', () => {
    expect(parseEventCommand(text('报名 1024'))).toEqual({ action: 'register', eventId: 1024, via: 'keyword' });
    expect(parseEventCommand(text('报名1024'))).toEqual({ action: 'register', eventId: 1024, via: 'keyword' });
    expect(parseEventCommand(text('报名\u30001024'))).toEqual({ action: 'register', eventId: 1024, via: 'keyword' });
    expect(parseEventCommand(text('报名 １０２４'))).toEqual({ action: 'register', eventId: 1024, via: 'keyword' });
    expect(parseEventCommand(text(' 取消 1024 '))).toEqual({ action: 'cancel', eventId: 1024, via: 'keyword' });
    // Traditional Chinese readers type 報名; 取消 is written the same in both scripts.
    expect(parseEventCommand(text('報名 1024'))).toEqual({ action: 'register', eventId: 1024, via: 'keyword' });
    expect(parseEventCommand(text('報名'))).toEqual({ action: 'list', via: 'keyword' });
    expect(parseEventCommand(text('我想报名 1024'))).toBeNull();
    expect(parseEventCommand(text('报名1024号'))).toBeNull();
  });
  it('reads 报名 alone and the events menu button as “list the events”, and `1` as yes to the offered tags', () => {
    expect(parseEventCommand(text('报名'))).toEqual({ action: 'list', via: 'keyword' });
    expect(parseEventCommand(text(' 报名\u3000'))).toEqual({ action: 'list', via: 'keyword' });
    const click = (eventKey: string) => ({ msgType: 'event', event: 'CLICK', eventKey }) as unknown as InboundMessage;
    expect(parseEventCommand(click(EVENTS_MENU_KEY))).toEqual({ action: 'list', via: 'menu' });
    expect(parseEventCommand(click('POLICE_GUIDE'))).toBeNull();
    expect(parseEventCommand(text('1'))).toEqual({ action: 'acceptTags', via: 'keyword' });
    expect(parseEventCommand(text('１'))).toEqual({ action: 'acceptTags', via: 'keyword' });
    for (const other of ['11', '1个', '回复1', '0']) expect(parseEventCommand(text(other))).toBeNull();
  });
  it('reads QR scenes', () => {
    expect(parseEventCommand(ev('subscribe', 'event:1001'))).toEqual({ action: 'register', eventId: 1001, via: 'qr' });
    expect(parseEventCommand(ev('SCAN', 'checkin:1001'))).toEqual({ action: 'checkin', eventId: 1001, via: 'qr' });
    expect(parseEventCommand(ev('SCAN', 'ref:12'))).toBeNull();
    expect(parseEventCommand(ev('subscribe', null))).toBeNull();
  });
});

describe('CSV and masking', () => {
  it('prefixes formula starters and quotes', () => {
    for (const bad of ['=1+1', '+1', '-1', '@x', '\tx', '\rx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('\0=1')).toBe(`"'=1"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('普通')).toBe('普通');
    expect(toCsv([['a']]).startsWith('\uFEFF')).toBe(true);
  });
  it('masks phones as 138****0000', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone(null)).toBe('');
  });
});

describe('event body Markdown subset', () => {
  it('never passes HTML through and keeps only http(s) links', () => {
    const blocks = parseBody('<script>alert(1)</script> **粗** [x](javascript:alert(1)) [ok](https://a.test)\n\n- 一\n- 二');
    expect(blocks[0]).toEqual({
      type: 'paragraph',
      inlines: [
        { type: 'text', text: '<script>alert(1)</script> ' },
        { type: 'bold', text: '粗' },
        { type: 'text', text: ' ' },
        { type: 'text', text: 'x' },
        { type: 'text', text: ') ' },
        { type: 'link', text: 'ok', href: 'https://a.test' },
      ],
    });
    expect(blocks[1]).toMatchObject({ type: 'list', items: [[{ text: '一' }], [{ text: '二' }]] });
  });
});
