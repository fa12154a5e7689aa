import { describe, expect, it } from 'vitest';
import { computeSignature, signaturesEqual, verifyUrlRequest } from '../../../lib/wechat';
import { errorCode } from './fixtures';
import { officialCase, urlVerificationCases } from './vectors';

const credentials = (token: string) => ({
  token,
  appId: 'wx0000000000000000',
  originalId: null,
  mode: 'plaintext' as const,
  encodingAesKeys: [],
});

function urlQuery(c: { signature: string; timestamp: string; nonce: string; echostr: string }) {
  return new URLSearchParams({ signature: c.signature, timestamp: c.timestamp, nonce: c.nonce, echostr: c.echostr });
}

describe('signature', () => {
  it('reproduces the official message-push doc signature', () => {
    expect(computeSignature(['AAAAA', '1714036504', '1514711492'])).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
  });

  it('reproduces the official plain-mode POST signature', () => {
    const c = officialCase('official-plain-mode-post-signature');
    expect(computeSignature([c.token, c.timestamp, c.nonce])).toBe(c.signature);
  });

  it('sorts as strings, not numbers', () => {
    const c = urlVerificationCases.find((v) => v.id === 'url-string-sort');
    expect(c).toBeDefined();
    if (!c) return;
    expect(computeSignature([c.token, c.timestamp, c.nonce])).toBe(c.signature);
    expect(computeSignature([c.token, c.timestamp, c.nonce])).not.toBe(c.wrongSignatureIfSortedNumerically);
  });

  it('does not depend on the order the parts are given in', () => {
    expect(computeSignature(['b', 'a', 'c'])).toBe(computeSignature(['c', 'b', 'a']));
  });

  it('compares equal signatures as equal and anything else as different', () => {
    const sig = computeSignature(['t', '1', '2']);
    expect(signaturesEqual(sig, sig)).toBe(true);
    expect(signaturesEqual(sig, sig.toUpperCase())).toBe(false);
    expect(signaturesEqual(sig, sig.slice(0, -1))).toBe(false);
    expect(signaturesEqual(sig, `${sig}0`)).toBe(false);
    expect(signaturesEqual(sig, '')).toBe(false);
    expect(signaturesEqual(sig, null)).toBe(false);
    expect(signaturesEqual(sig, undefined)).toBe(false);
  });
});

describe('URL verification (GET)', () => {
  for (const c of urlVerificationCases) {
    if (c.valid) {
      it(`echoes echostr for a valid request: ${c.id}`, () => {
        const echo = verifyUrlRequest({ credentials: credentials(c.token), query: urlQuery(c), now: Number(c.timestamp) });
        expect(echo).toBe(c.echostr);
      });
    } else {
      it(`rejects a tampered request: ${c.id}`, () => {
        const run = () => verifyUrlRequest({ credentials: credentials(c.token), query: urlQuery(c), now: Number(c.timestamp) });
        expect(errorCode(run)).toBe('invalid_signature');
      });
    }
  }

  const doc = urlVerificationCases[0];

  it('rejects every subset of missing parameters as an invalid signature', () => {
    if (!doc) throw new Error('no vector');
    const names = ['signature', 'timestamp', 'nonce', 'echostr'] as const;
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const query = urlQuery(doc);
      names.forEach((n, i) => {
        if (mask & (1 << i)) query.delete(n);
      });
      expect(errorCode(() => verifyUrlRequest({ credentials: credentials(doc.token), query, now: Number(doc.timestamp) }))).toBe(
        'invalid_signature',
      );
    }
  });

  it("rejects a request signed with another tenant's token", () => {
    if (!doc) throw new Error('no vector');
    const run = () => verifyUrlRequest({ credentials: credentials('pamtest'), query: urlQuery(doc), now: Number(doc.timestamp) });
    expect(errorCode(run)).toBe('invalid_signature');
  });

  it('rejects an upper-case hex signature', () => {
    if (!doc) throw new Error('no vector');
    const query = urlQuery({ ...doc, signature: doc.signature.toUpperCase() });
    expect(errorCode(() => verifyUrlRequest({ credentials: credentials(doc.token), query, now: Number(doc.timestamp) }))).toBe(
      'invalid_signature',
    );
  });

  it('accepts a clock 299 s off and rejects one 301 s off, in both directions', () => {
    if (!doc) throw new Error('no vector');
    const ts = Number(doc.timestamp);
    const run = (now: number) => () => verifyUrlRequest({ credentials: credentials(doc.token), query: urlQuery(doc), now });
    expect(errorCode(run(ts + 299))).toBeUndefined();
    expect(errorCode(run(ts - 299))).toBeUndefined();
    expect(errorCode(run(ts + 301))).toBe('stale_timestamp');
    expect(errorCode(run(ts - 301))).toBe('stale_timestamp');
  });

  it('reports a forged request as invalid_signature even when its timestamp is also stale', () => {
    if (!doc) throw new Error('no vector');
    const query = urlQuery({ ...doc, signature: '0'.repeat(40) });
    expect(errorCode(() => verifyUrlRequest({ credentials: credentials(doc.token), query, now: Number(doc.timestamp) + 10_000 }))).toBe(
      'invalid_signature',
    );
  });
});
