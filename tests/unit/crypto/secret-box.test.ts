import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  currentSealPrefix,
  isSealed,
  keyId,
  openSecret,
  openStored,
  resealStored,
  sealedKeyId,
  sealSecret,
  SecretUnavailableError,
} from '../../../lib/crypto/secret-box';

const A = 'key-A-0123456789abcdef';
const B = 'key-B-0123456789abcdef';
// What the portal stores: a Token, an EncodingAESKey (43 characters) and an access token.
const TOKEN = 'zqpolice-demo-token';
const AES_KEY = '0123456789abcdefghijABCDEFGHIJklmnopqrstuvw';
const ACCESS_TOKEN = '86_Ab-cdEF0123456789_xyzXYZ-abcdefghijklmnopqrstuvwxyz0123456789';

/** The format AppSecrets were sealed in before key ids: `v1.<iv>.<tag>.<ciphertext>`, no AAD. */
function sealV1(plaintext: string, secret: string): string {
  const key = createHash('sha256').update(`wegov-secret-box:${secret}`).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

/** Flips one character of part `index` of a dotted sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
  return parts.join('.');
}

describe('secret box (docs/reliability.md J13)', () => {
  it('round-trips every kind of credential, and never stores the plaintext', () => {
    for (const plain of [TOKEN, AES_KEY, ACCESS_TOKEN, 'demo-secret-wx7b6a5f4e3d2c1b0a', '', '中文 ✓']) {
      const sealed = sealSecret(plain, A);
      expect(sealed).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
      if (plain) expect(sealed).not.toContain(plain);
      expect(openSecret(sealed, A)).toBe(plain);
    }
  });

  it('uses a fresh IV each time: the same value seals to different text', () => {
    expect(sealSecret(TOKEN, A)).not.toBe(sealSecret(TOKEN, A));
  });

  it('refuses to open with the wrong key, naming only the key id', () => {
    const sealed = sealSecret(TOKEN, A);
    expect(() => openSecret(sealed, B)).toThrow(SecretUnavailableError);
    expect(() => openSecret(sealed, B)).toThrow(`sealed under key ${keyId(A)}, which is not configured`);
    try {
      openSecret(sealed, B);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(String((error as Error).message)).not.toContain(A);
    }
  });

  it('detects tampering with the ciphertext, the tag, the IV and the key id', () => {
    const sealed = sealSecret(AES_KEY, A);
    for (const part of [2, 3, 4]) expect(() => openSecret(tamper(sealed, part), A)).toThrow(SecretUnavailableError);
    // A key id swapped for another configured key's: the header is authenticated data.
    const swapped = sealed.replace(`v2.${keyId(A)}.`, `v2.${keyId(B)}.`);
    expect(() => openSecret(swapped, { current: B, previous: [A] })).toThrow(/failed authentication/);
    expect(() => openSecret(`${sealed}x.y`, A)).toThrow('unrecognised sealed secret');
  });

  it('tells sealed values from legacy plain text', () => {
    for (const plain of [TOKEN, AES_KEY, ACCESS_TOKEN, 'v2', 'v1.abc', 'v2.abc.def.ghi.jkl']) {
      expect(isSealed(plain)).toBe(false);
      expect(openStored(plain, A)).toBe(plain);
      // Strict opening (the AppSecret) refuses plain text.
      expect(() => openSecret(plain, A)).toThrow('unrecognised sealed secret');
    }
    expect(isSealed(sealSecret(TOKEN, A))).toBe(true);
    expect(isSealed(sealV1(TOKEN, A))).toBe(true);
    expect(openStored(sealSecret(TOKEN, A), A)).toBe(TOKEN);
  });

  it('picks the key by its id: current seals, previous only opens', () => {
    const keys = { current: B, previous: [A] };
    const underA = sealSecret(TOKEN, A);
    const underB = sealSecret(TOKEN, keys);
    expect(sealedKeyId(underA)).toBe(keyId(A));
    expect(sealedKeyId(underB)).toBe(keyId(B));
    expect(keyId(A)).not.toBe(keyId(B));
    expect(keyId(A)).toHaveLength(8);
    expect(openSecret(underA, keys)).toBe(TOKEN);
    expect(openSecret(underB, keys)).toBe(TOKEN);
    expect(() => openSecret(underA, B)).toThrow(SecretUnavailableError);
    expect(underB.startsWith(currentSealPrefix(keys))).toBe(true);
    expect(sealedKeyId(TOKEN)).toBeNull();
  });

  it('still opens AppSecrets sealed in the v1 format, with the current or the previous key', () => {
    expect(openSecret(sealV1('demo-secret-wx1', A), A)).toBe('demo-secret-wx1');
    expect(openSecret(sealV1('demo-secret-wx1', A), { current: B, previous: [A] })).toBe('demo-secret-wx1');
    expect(() => openSecret(sealV1('demo-secret-wx1', A), B)).toThrow(SecretUnavailableError);
    expect(sealedKeyId(sealV1('x', A))).toBeNull();
  });

  it('reseal: seals plain text, re-seals previous-key and v1 values, leaves current ones alone', () => {
    const keys = { current: B, previous: [A] };
    const plain = resealStored(TOKEN, keys);
    expect(plain.kind).toBe('sealed');
    const underA = resealStored(sealSecret(TOKEN, A), keys);
    expect(underA.kind).toBe('resealed');
    const v1 = resealStored(sealV1(TOKEN, A), keys);
    expect(v1.kind).toBe('resealed');
    for (const outcome of [plain, underA, v1]) {
      if (outcome.kind !== 'sealed' && outcome.kind !== 'resealed') throw new Error('expected a new value');
      expect(sealedKeyId(outcome.value)).toBe(keyId(B));
      expect(openSecret(outcome.value, B)).toBe(TOKEN);
      expect(resealStored(outcome.value, keys)).toEqual({ kind: 'current' });
    }
    expect(resealStored(sealSecret(TOKEN, 'key-C-0123456789abcdef'), keys)).toEqual({ kind: 'unreadable' });
  });
});
