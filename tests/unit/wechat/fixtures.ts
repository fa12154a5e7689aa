import { createCipheriv } from 'node:crypto';
import { decodeAesKey, WebhookError, type MessageMode, type WebhookCredentials } from '../../../lib/wechat';
import { ORIGINAL_IDS, type InboundCase } from './vectors';

export function credentialsFor(
  c: Pick<InboundCase, 'token' | 'appId' | 'aesKey'> & { tenant?: string },
  overrides: Partial<WebhookCredentials> = {},
): WebhookCredentials {
  return {
    token: c.token,
    appId: c.appId,
    originalId: c.tenant ? (ORIGINAL_IDS[c.tenant] ?? null) : null,
    mode: 'safe' as MessageMode,
    encodingAesKeys: [c.aesKey],
    ...overrides,
  };
}

export const SYNTHETIC_KEY = 'Z3ZlcnNpb25vbmVrZXlmb3J0ZXN0c29ubHkwMTIzNDU'; // 43 chars → 32 bytes

/**
 * Raw AES-256-CBC over caller-chosen bytes, for ciphertexts no correct encoder would produce
 * (bad padding, oversize msg_len, invalid UTF-8) — the attacks docs/reliability.md C1/C4 describe.
 */
export function rawEncrypt(encodingAesKey: string, plain: Buffer): string {
  const key = decodeAesKey(encodingAesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** FullStr = random(16) || msg_len || msg || appId, with an explicit (possibly wrong) padding. */
export function fullStr(args: { msg: Buffer; appId: string; msgLen?: number; pad?: Buffer }): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(args.msgLen ?? args.msg.length, 0);
  const body = Buffer.concat([Buffer.alloc(16, 0x61), len, args.msg, Buffer.from(args.appId)]);
  const padLen = 32 - (body.length % 32);
  return Buffer.concat([body, args.pad ?? Buffer.alloc(padLen, padLen)]);
}

export function queryOf(record: Record<string, string>): URLSearchParams {
  return new URLSearchParams(record);
}

/** The WebhookError code `fn` throws, or undefined when it returns; other errors propagate. */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookError) return err.code;
    throw err;
  }
  return undefined;
}
