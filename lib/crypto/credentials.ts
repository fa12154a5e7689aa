import type { Account } from '../../db/schema';
import { env } from '../env';
import { openStored, sealSecret, SecretUnavailableError, type SecretKeys } from './secret-box';

/**
 * The one place account credentials are sealed for and opened from the `accounts` row
 * (lib/crypto/secret-box.ts has the format). The webhook (lib/accounts/webhook-account.ts), the
 * simulator's phone and the seed go through here; the access-token cache seals its own column
 * with the same keys (lib/wechat/api/token.ts). Opened values live in server memory only: they
 * are never logged and never handed to a client component or a JSON answer.
 */

/** The keys from the environment (WEGOV_SECRET_KEY, WEGOV_SECRET_KEY_PREVIOUS; lib/env). */
export function configuredSecretKeys(): SecretKeys {
  const keys = env().secretKeys;
  if (!keys) throw new SecretUnavailableError('NEXTAUTH_SECRET or WEGOV_SECRET_KEY is required to open account credentials');
  return keys;
}

/** The credential columns of an account row, as stored. */
export type StoredCredentials = Pick<Account, 'appSecretEncrypted' | 'token' | 'encodingAesKey' | 'previousEncodingAesKey'>;

export interface PlainCredentials {
  appSecret: string | null;
  token: string | null;
  encodingAesKey: string | null;
  previousEncodingAesKey: string | null;
}

/** Column values for an insert or update: every credential sealed under the current key. */
export function sealAccountCredentials(plain: Partial<PlainCredentials>, keys: SecretKeys | string): Partial<StoredCredentials> {
  const seal = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : sealSecret(v, keys));
  const out: Partial<StoredCredentials> = {};
  if (plain.appSecret !== undefined) out.appSecretEncrypted = seal(plain.appSecret);
  if (plain.token !== undefined) out.token = seal(plain.token);
  if (plain.encodingAesKey !== undefined) out.encodingAesKey = seal(plain.encodingAesKey);
  if (plain.previousEncodingAesKey !== undefined) out.previousEncodingAesKey = seal(plain.previousEncodingAesKey);
  return out;
}

/**
 * What the webhook and the phone sign and decrypt with: the Token and both EncodingAESKeys,
 * opened. Legacy plain text is read as is until the reseal (or `npm start`) seals it. A value no
 * configured key opens throws SecretUnavailableError: a misconfigured key must surface as an
 * error (the webhook answers 503 and WeChat retries), not as "no such account".
 */
export function openWebhookCredentials(
  row: { token: string; encodingAesKey: string | null; previousEncodingAesKey: string | null },
  keys: SecretKeys,
): { token: string; encodingAesKey: string | null; previousEncodingAesKey: string | null } {
  const open = (v: string | null) => (v === null ? null : openStored(v, keys));
  return { token: openStored(row.token, keys), encodingAesKey: open(row.encodingAesKey), previousEncodingAesKey: open(row.previousEncodingAesKey) };
}
