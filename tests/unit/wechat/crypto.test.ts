import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, decodeAesKey, decryptMessage, encryptMessage } from '../../../lib/wechat';
import { errorCode, fullStr, rawEncrypt, SYNTHETIC_KEY } from './fixtures';
import { inboundCases, need, officialCase, officialCases, replyCases } from './vectors';

const APP_ID = 'wx54b02ae91c8c6b0a';

describe('EncodingAESKey', () => {
  it("decodes the official sample key although its last character isn't canonical base64", () => {
    const key = decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(key).toHaveLength(32);
    expect(key.toString('base64')).toBe('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFE=');
  });

  it('decodes 43 x "A" to an all-zero AES key', () => {
    expect(decodeAesKey('A'.repeat(43)).equals(Buffer.alloc(32))).toBe(true);
  });

  it('refuses a key that does not decode to 32 bytes', () => {
    expect(() => decodeAesKey('tooshort')).toThrow(/32 bytes/);
    expect(() => decodeAesKey(`${SYNTHETIC_KEY}AAAA`)).toThrow(/32 bytes/);
  });
});

describe('official vectors', () => {
  for (const id of ['official-java-aes-encrypt-1', 'official-java-aes-encrypt-2']) {
    it(`reproduces the Java sample ciphertext byte for byte: ${id}`, () => {
      const c = officialCase(id);
      const encrypt = encryptMessage({
        encodingAesKey: need(c.aesKey, 'aesKey'),
        appId: need(c.appId, 'appId'),
        plaintext: need(c.plaintext, 'plaintext'),
        random: Buffer.from(need(c.randomHex, 'randomHex'), 'hex'),
      });
      expect(encrypt).toBe(c.encrypt);
      expect(computeSignature([c.token, c.timestamp, c.nonce, encrypt])).toBe(c.msgSignature);
    });
  }

  // Every official case with a ciphertext: the Python compat sample, the C++ sample, the Open
  // Platform and mini-program doc examples, and the WeCom samples (same crypto).
  for (const c of officialCases.filter((v) => v.encrypt !== undefined)) {
    it(`verifies msg_signature and decrypts: ${c.id}`, () => {
      const encrypt = need(c.encrypt, 'encrypt');
      expect(computeSignature([c.token, c.timestamp, c.nonce, encrypt])).toBe(c.msgSignature);
      const opened = decryptMessage({ encodingAesKeys: [need(c.aesKey, 'aesKey')], ciphertext: encrypt });
      expect(opened.plaintext).toBe(c.plaintext);
      expect(opened.appId).toBe(c.appId);
      expect(opened.keyIndex).toBe(0);
    });
  }

  for (const c of officialCases.filter((v) => v.reply !== undefined)) {
    it(`reproduces the doc's encrypted reply byte for byte: ${c.id}`, () => {
      const reply = need(c.reply, 'reply');
      const encrypt = encryptMessage({
        encodingAesKey: need(c.aesKey, 'aesKey'),
        appId: need(c.appId, 'appId'),
        plaintext: reply.plaintext,
        random: Buffer.from(reply.randomHex, 'hex'),
      });
      expect(encrypt).toBe(reply.encrypt);
      expect(computeSignature([c.token, reply.timestamp, reply.nonce, encrypt])).toBe(reply.msgSignature);
    });
  }

  it('matches the msg_len the Open Platform doc states (292 bytes)', () => {
    const c = officialCase('official-oplatform-doc-safe-mode-xml');
    expect(Buffer.byteLength(need(c.plaintext, 'plaintext'), 'utf8')).toBe(292);
  });
});

describe('generated vectors', () => {
  for (const c of inboundCases) {
    it(`re-encrypts the push byte for byte: ${c.id}`, () => {
      const encrypt = encryptMessage({
        encodingAesKey: c.aesKey,
        appId: c.appId,
        plaintext: c.plaintextXml,
        random: Buffer.from(c.randomHex, 'hex'),
      });
      expect(encrypt).toBe(c.encrypt);
      expect(decryptMessage({ encodingAesKeys: [c.aesKey], ciphertext: c.encrypt }).plaintext).toBe(c.plaintextXml);
    });
  }

  for (const c of replyCases) {
    it(`reproduces the reply ciphertext byte for byte: ${c.id}`, () => {
      const encrypt = encryptMessage({
        encodingAesKey: c.aesKey,
        appId: c.appId,
        plaintext: c.plaintextXml,
        random: Buffer.from(c.randomHex, 'hex'),
      });
      expect(encrypt).toBe(c.encrypt);
    });
  }

  it('pads to a 32-byte granule, with the pad byte the vectors record', () => {
    for (const c of [...inboundCases, ...replyCases]) {
      if (c.paddingBytes === undefined) continue;
      const key = decodeAesKey(c.aesKey);
      const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
      decipher.setAutoPadding(false);
      const raw = Buffer.concat([decipher.update(Buffer.from(c.encrypt, 'base64')), decipher.final()]);
      expect(raw.length % 32, c.id).toBe(0);
      expect(raw[raw.length - 1], c.id).toBe(c.paddingBytes);
    }
  });

  it('covers pad values above 16, which standard PKCS#7 unpadding rejects', () => {
    expect(inboundCases.some((c) => (c.paddingBytes ?? 0) > 16)).toBe(true);
  });
});

describe('round trip', () => {
  // Widths 1..4 bytes: ASCII, Latin-1 supplement, CJK, astral (emoji).
  const pieces = ['a', 'é', '中', '😀'];

  function textOfUtf8Length(n: number, seed: number): string {
    let out = '';
    let left = n;
    let i = seed;
    while (left > 0) {
      const piece = pieces[i++ % pieces.length] ?? 'a';
      const width = Buffer.byteLength(piece, 'utf8');
      out += width <= left ? piece : 'x';
      left -= width <= left ? width : 1;
    }
    return out;
  }

  it('decrypts what it encrypts for every plaintext length 0..95 bytes, multi-byte UTF-8 included', () => {
    const random = Buffer.from('0123456789abcdef');
    for (let n = 0; n <= 95; n++) {
      for (let seed = 0; seed < pieces.length; seed++) {
        const plaintext = textOfUtf8Length(n, seed);
        expect(Buffer.byteLength(plaintext, 'utf8')).toBe(n);
        const ciphertext = encryptMessage({ encodingAesKey: SYNTHETIC_KEY, appId: APP_ID, plaintext, random });
        expect(Buffer.from(ciphertext, 'base64').length % 32).toBe(0);
        const opened = decryptMessage({ encodingAesKeys: [SYNTHETIC_KEY], ciphertext });
        expect(opened).toEqual({ plaintext, appId: APP_ID, keyIndex: 0 });
      }
    }
  });

  it('uses a fresh random prefix when none is given', () => {
    const a = encryptMessage({ encodingAesKey: SYNTHETIC_KEY, appId: APP_ID, plaintext: 'same' });
    const b = encryptMessage({ encodingAesKey: SYNTHETIC_KEY, appId: APP_ID, plaintext: 'same' });
    expect(a).not.toBe(b);
  });

  it('opens ciphertext padded with ordinary 16-byte PKCS#7', () => {
    const msg = Buffer.from('hello');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const body = Buffer.concat([Buffer.alloc(16, 1), len, msg, Buffer.from(APP_ID)]);
    const pad = 16 - (body.length % 16);
    const ciphertext = rawEncrypt(SYNTHETIC_KEY, Buffer.concat([body, Buffer.alloc(pad, pad)]));
    expect(decryptMessage({ encodingAesKeys: [SYNTHETIC_KEY], ciphertext }).plaintext).toBe('hello');
  });
});

describe('decryption failures', () => {
  const good = encryptMessage({ encodingAesKey: SYNTHETIC_KEY, appId: APP_ID, plaintext: '<xml/>' });
  const open = (ciphertext: string, keys = [SYNTHETIC_KEY]) => () => decryptMessage({ encodingAesKeys: keys, ciphertext });

  it('rejects ciphertext that is not base64', () => {
    expect(errorCode(open('not base64!'))).toBe('cannot_decrypt');
    expect(errorCode(open(`-${good.slice(1)}`))).toBe('cannot_decrypt'); // URL-safe alphabet
    expect(good.endsWith('==')).toBe(true); // 64 bytes of ciphertext
    expect(errorCode(open(good.slice(0, -2)))).toBe('cannot_decrypt'); // padding '=' stripped
    expect(errorCode(open(`${good.slice(0, 10)}\n${good.slice(10)}`))).toBe('cannot_decrypt');
    expect(errorCode(open(''))).toBe('cannot_decrypt');
  });

  it('rejects a length that is not whole AES blocks, or too short to hold the header', () => {
    const bytes = Buffer.from(good, 'base64');
    expect(errorCode(open(bytes.subarray(0, bytes.length - 1).toString('base64')))).toBe('cannot_decrypt');
    expect(errorCode(open(bytes.subarray(0, 16).toString('base64')))).toBe('cannot_decrypt');
  });

  it('rejects a pad byte of 0, a pad byte above 32 and inconsistent pad bytes', () => {
    const msg = Buffer.from('hi');
    const body = fullStr({ msg, appId: APP_ID }).subarray(0, 16 + 4 + msg.length + APP_ID.length);
    const fill = 32 - (body.length % 32);
    const withTail = (tail: Buffer) => rawEncrypt(SYNTHETIC_KEY, Buffer.concat([body, tail]));
    expect(errorCode(open(withTail(Buffer.alloc(fill, 0))))).toBe('cannot_decrypt');
    expect(errorCode(open(withTail(Buffer.concat([Buffer.alloc(fill + 32 - 1, 33), Buffer.from([33])]))))).toBe('cannot_decrypt');
    const inconsistent = Buffer.alloc(fill, fill);
    inconsistent[0] = fill + 1;
    expect(errorCode(open(withTail(inconsistent)))).toBe('cannot_decrypt');
    expect(errorCode(open(withTail(Buffer.alloc(fill, fill))))).toBeUndefined(); // control
  });

  it('rejects a msg_len that points beyond the data', () => {
    const msg = Buffer.from('hello');
    expect(errorCode(open(rawEncrypt(SYNTHETIC_KEY, fullStr({ msg, appId: APP_ID, msgLen: 0xffffffff }))))).toBe('cannot_decrypt');
    expect(errorCode(open(rawEncrypt(SYNTHETIC_KEY, fullStr({ msg, appId: APP_ID, msgLen: 5 + APP_ID.length + 1 }))))).toBe(
      'cannot_decrypt',
    );
  });

  it('rejects invalid UTF-8 instead of substituting U+FFFD', () => {
    const msg = Buffer.from([0x61, 0xff, 0x62, 0xc0, 0xaf]);
    expect(errorCode(open(rawEncrypt(SYNTHETIC_KEY, fullStr({ msg, appId: APP_ID }))))).toBe('cannot_decrypt');
  });

  it('rejects ciphertext under a different key', () => {
    expect(errorCode(open(good, ['B'.repeat(43)]))).toBe('cannot_decrypt');
    for (const c of inboundCases) {
      expect(errorCode(open(c.encrypt, [SYNTHETIC_KEY])), c.id).toBe('cannot_decrypt');
    }
  });

  it('rejects everything when no key is configured', () => {
    expect(errorCode(open(good, []))).toBe('cannot_decrypt');
  });

  it('falls back to the previous key during rotation and says which key worked', () => {
    const opened = decryptMessage({ encodingAesKeys: ['B'.repeat(43), SYNTHETIC_KEY], ciphertext: good });
    expect(opened.keyIndex).toBe(1);
    expect(opened.plaintext).toBe('<xml/>');
  });

  it('does not check the appId itself (the caller compares it with the tenant)', () => {
    const foreign = encryptMessage({ encodingAesKey: SYNTHETIC_KEY, appId: 'wxforeign', plaintext: 'x' });
    expect(decryptMessage({ encodingAesKeys: [SYNTHETIC_KEY], ciphertext: foreign }).appId).toBe('wxforeign');
  });
});
