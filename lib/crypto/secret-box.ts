import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals account credentials at rest with AES-256-GCM (docs/reliability.md J13): the AppSecret,
 * the webhook Token, the current and previous EncodingAESKey, and cached access tokens. The key
 * comes from the environment, so a database dump alone reveals none of them.
 *
 * Format (one line of text, fits the existing text columns, no schema change):
 *   `v2.<key id>.<iv>.<tag>.<ciphertext>`, each part base64url.
 * The key id names the key that sealed the value, so a reader with a current and a previous key
 * (a rotation in progress) picks the right one without trial, and `npm run secrets:reseal` can
 * tell what still needs re-sealing with a prefix comparison. `v2.<key id>` is authenticated data:
 * a changed key id fails to open like a changed ciphertext does.
 *
 * Older values: `v1.<iv>.<tag>.<ciphertext>` (AppSecrets sealed before key ids existed) opens by
 * trying each configured key; plain text (Tokens, EncodingAESKeys and access tokens written before
 * sealing) is recognised by not matching either format — WeChat's Tokens, EncodingAESKeys and
 * access tokens never contain a dot — and is read as is until the reseal seals it.
 */

/** The keys in use: `current` seals; `previous` (during a rotation) only opens. */
export interface SecretKeys {
  current: string;
  previous?: readonly string[];
}

export type KeyInput = string | SecretKeys;

const B64 = '[A-Za-z0-9_-]';
const KEY_ID_LENGTH = 8;
const SEALED_V2 = new RegExp(`^v2\\.(${B64}{${KEY_ID_LENGTH}})\\.(${B64}{16})\\.(${B64}{22})\\.(${B64}*)$`);
const SEALED_V1 = new RegExp(`^v1\\.(${B64}{16})\\.(${B64}{22})\\.(${B64}*)$`);

/** A sealed value that cannot be opened. Its message names a key id at most, never a value. */
export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}

function keysOf(keys: KeyInput): SecretKeys {
  return typeof keys === 'string' ? { current: keys } : keys;
}

function aesKey(secret: string): Buffer {
  return createHash('sha256').update(`wegov-secret-box:${secret}`).digest();
}

/**
 * A short public name for a key: 48 bits of a hash under another label than the AES key's, so it
 * identifies the key without helping to find it (any sealed value's GCM tag would check a guess
 * just as well).
 */
export function keyId(secret: string): string {
  return createHash('sha256').update(`wegov-secret-key-id:${secret}`).digest().subarray(0, 6).toString('base64url');
}

/** Seals under the current key; every call uses a fresh IV, so equal inputs give different text. */
export function sealSecret(plaintext: string, keys: KeyInput): string {
  const secret = keysOf(keys).current;
  const header = `v2.${keyId(secret)}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(secret), iv);
  cipher.setAAD(Buffer.from(header, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [header, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

function decrypt(secret: string, iv: string, tag: string, data: string, aad: string | null): string {
  const decipher = createDecipheriv('aes-256-gcm', aesKey(secret), Buffer.from(iv, 'base64url'));
  if (aad !== null) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** Opens a sealed value (either version); throws SecretUnavailableError for anything else. */
export function openSecret(sealed: string, keys: KeyInput): string {
  const ring = keysOf(keys);
  const all = [ring.current, ...(ring.previous ?? [])];
  const v2 = SEALED_V2.exec(sealed);
  if (v2) {
    const [, id, iv, tag, data] = v2 as unknown as [string, string, string, string, string];
    const secret = all.find((k) => keyId(k) === id);
    if (secret === undefined) throw new SecretUnavailableError(`sealed under key ${id}, which is not configured`);
    try {
      return decrypt(secret, iv, tag, data, `v2.${id}`);
    } catch {
      throw new SecretUnavailableError(`sealed value under key ${id} failed authentication`);
    }
  }
  const v1 = SEALED_V1.exec(sealed);
  if (v1) {
    const [, iv, tag, data] = v1 as unknown as [string, string, string, string];
    for (const secret of all) {
      try {
        return decrypt(secret, iv, tag, data, null);
      } catch {
        // GCM refuses a wrong key: try the next one.
      }
    }
    throw new SecretUnavailableError('v1 sealed value opens with none of the configured keys');
  }
  throw new SecretUnavailableError('unrecognised sealed secret');
}

/** Whether a stored value is in a sealed format (as opposed to legacy plain text). */
export function isSealed(value: string): boolean {
  return SEALED_V2.test(value) || SEALED_V1.test(value);
}

/** The key id a v2 value was sealed under; null for v1 and for plain text. */
export function sealedKeyId(value: string): string | null {
  return SEALED_V2.exec(value)?.[1] ?? null;
}

/**
 * A credential column's value as the code needs it: sealed values are opened, legacy plain text
 * (written before these columns were sealed) is returned as is until the reseal seals it.
 */
export function openStored(value: string, keys: KeyInput): string {
  return isSealed(value) ? openSecret(value, keys) : value;
}

/** The prefix every value sealed under the current key starts with (for SQL prefix filters). */
export function currentSealPrefix(keys: KeyInput): string {
  return `v2.${keyId(keysOf(keys).current)}.`;
}

export type ResealOutcome =
  | { kind: 'current' }
  | { kind: 'sealed' | 'resealed'; value: string }
  | { kind: 'unreadable' };

/**
 * What the reseal does with one stored value: nothing when it is already under the current key
 * (so a second run changes nothing), seal legacy plain text, re-seal v1 or previous-key values,
 * and leave alone what no configured key opens (reported, never guessed at).
 */
export function resealStored(value: string, keys: KeyInput): ResealOutcome {
  if (sealedKeyId(value) === keyId(keysOf(keys).current)) return { kind: 'current' };
  if (!isSealed(value)) return { kind: 'sealed', value: sealSecret(value, keys) };
  try {
    return { kind: 'resealed', value: sealSecret(openSecret(value, keys), keys) };
  } catch {
    return { kind: 'unreadable' };
  }
}
