import { describe, expect, it } from 'vitest';
import { ENCODING_AES_KEY_PATTERN, generateEncodingAesKey, generateToken, TOKEN_PATTERN } from '../../../lib/accounts/generate';
import { decodeAesKey, decryptMessage, encryptMessage } from '../../../lib/wechat/crypto';

describe('generated WeChat server settings', () => {
  it('makes Tokens WeChat accepts (3–32 letters or digits), different every time', () => {
    const tokens = Array.from({ length: 200 }, generateToken);
    for (const t of tokens) expect(t).toMatch(TOKEN_PATTERN);
    expect(new Set(tokens).size).toBe(200);
  });

  it('makes EncodingAESKeys of 43 base64 characters that decode with "=" to 32 bytes and round-trip a message', () => {
    const keys = Array.from({ length: 200 }, generateEncodingAesKey);
    for (const key of keys) {
      expect(key).toMatch(ENCODING_AES_KEY_PATTERN);
      const bytes = decodeAesKey(key);
      expect(bytes.length).toBe(32);
      // Canonical: encoding the bytes again gives the same 43 characters.
      expect(bytes.toString('base64').slice(0, 43)).toBe(key);
    }
    expect(new Set(keys).size).toBe(200);
    const ciphertext = encryptMessage({ encodingAesKey: keys[0]!, appId: 'wx0123456789abcdef', plaintext: '<xml>hi</xml>' });
    expect(decryptMessage({ encodingAesKeys: [keys[0]!], ciphertext })).toMatchObject({ plaintext: '<xml>hi</xml>', appId: 'wx0123456789abcdef' });
  });

  it('uses the whole alphabet (no modulo bias that drops characters)', () => {
    const seen = new Set(Array.from({ length: 400 }, generateToken).join(''));
    expect(seen.size).toBe(62);
  });
});
