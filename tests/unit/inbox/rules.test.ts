import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../lib/inbox/list';
import { passiveReplyOf, textPayload } from '../../../lib/inbox/outbound';
import { defaultBackoff } from '../../../lib/jobs/outbox';
import { nextBeijingMidnight } from '../../../lib/wechat/api/client';
import { classifyErrcode, isWindowError } from '../../../lib/wechat/api/errors';

describe('WeChat errcodes are classified (docs/wechat-protocol.md §7)', () => {
  it.each([
    [40001, 'token'],
    [40014, 'token'],
    [42001, 'token'],
    [-1, 'transient'],
    [45011, 'transient'],
    [45009, 'quota'],
    [45015, 'permanent'],
    [45047, 'permanent'],
    [40003, 'permanent'],
    [48001, 'permanent'],
    [99999, 'permanent'],
  ])('%i is %s', (code, kind) => {
    expect(classifyErrcode(code)).toBe(kind);
  });

  it('knows which refusals mean the customer-service window', () => {
    expect(isWindowError(45015)).toBe(true);
    expect(isWindowError(45047)).toBe(true);
    expect(isWindowError(40003)).toBe(false);
  });
});

describe('outbox backoff', () => {
  it('stays within full-jitter bounds and is capped at 5 minutes', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const delay = defaultBackoff(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(300_000, 2_000 * 2 ** (attempt - 1)));
    }
  });
});

describe('quota pauses end at Beijing midnight', () => {
  it('16:30 UTC (00:30 Beijing) pauses until the next Beijing midnight, 23 h 30 later', () => {
    expect(nextBeijingMidnight(new Date('2026-03-01T16:30:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(nextBeijingMidnight(new Date('2026-03-01T15:59:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });
});

describe('inbox cursors', () => {
  it('round-trip and refuse garbage', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(decodeCursor(encodeCursor(at, 42))).toEqual({ at: at.toISOString(), id: 42 });
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from("x'; drop table|1").toString('base64url'))).toBeNull();
    expect(decodeCursor('a'.repeat(500))).toBeNull();
  });
});

describe('a waiting reply becomes a passive reply', () => {
  it('keeps text as text, without the delivery marker', () => {
    expect(passiveReplyOf({ ...textPayload('<b>你好</b>'), via: 'passive' })).toEqual({ type: 'text', content: '<b>你好</b>' });
  });
});
