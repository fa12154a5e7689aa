import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WebhookError } from './errors';

/**
 * WXBizMsgCrypt, the message encryption of WeChat's compatibility and safe modes
 * (docs/wechat-protocol.md §5):
 *
 *   FullStr = random(16) || msg_len (uint32 BE, UTF-8 bytes) || msg || appId
 *   Encrypt = base64(AES-256-CBC(key, iv = key[0..16), PKCS#7 padded to a 32-byte granule))
 */

const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const HEADER_BYTES = RANDOM_BYTES + LENGTH_BYTES;
// WeChat pads to 32 bytes, not AES's 16: pad values run 1..32, so Node's own unpadding
// (which only accepts 1..16) rejects about half of all real messages.
const PAD_GRANULE = 32;
const AES_BLOCK = 16;
const AES_KEY_BYTES = 32;

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * EncodingAESKey is 43 base64 characters without the trailing '='. Keys issued by WeChat are
 * not always canonical (the official sample key ends in 'G', whose spare bits are non-zero),
 * so decode leniently and only insist on the 32-byte result; a strict decoder rejects real keys.
 */
export function decodeAesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== AES_KEY_BYTES) {
    // A configuration error, not a bad request: never a WebhookError, and never print the key.
    throw new Error(`EncodingAESKey must decode to ${AES_KEY_BYTES} bytes (got ${key.length})`);
  }
  return key;
}

export function encryptMessage(args: {
  encodingAesKey: string;
  appId: string;
  plaintext: string;
  random?: Buffer;
}): string {
  const key = decodeAesKey(args.encodingAesKey);
  const random = args.random ?? randomBytes(RANDOM_BYTES);
  if (random.length !== RANDOM_BYTES) throw new Error(`random prefix must be ${RANDOM_BYTES} bytes`);

  const msg = Buffer.from(args.plaintext, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(msg.length, 0); // UTF-8 byte count; JS string.length is wrong for CJK/emoji
  const body = Buffer.concat([random, length, msg, Buffer.from(args.appId, 'utf8')]);
  const pad = PAD_GRANULE - (body.length % PAD_GRANULE); // 1..32, a full granule when aligned

  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK));
  cipher.setAutoPadding(false);
  const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function openWithKey(key: Buffer, data: Buffer): { plaintext: string; appId: string } | null {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK));
  decipher.setAutoPadding(false);
  const full = Buffer.concat([decipher.update(data), decipher.final()]);

  // Strict unpadding (stricter than the official samples, which strip nothing on a bad pad):
  // with a wrong key the pad check is what fails first in almost every case.
  const pad = full[full.length - 1] ?? 0;
  if (pad < 1 || pad > PAD_GRANULE || pad > full.length) return null;
  for (let i = full.length - pad; i < full.length; i++) {
    if (full[i] !== pad) return null;
  }
  const content = full.subarray(0, full.length - pad);
  if (content.length < HEADER_BYTES) return null;

  const msgLength = content.readUInt32BE(RANDOM_BYTES);
  if (msgLength > content.length - HEADER_BYTES) return null;
  try {
    // fatal: true, because Buffer#toString would silently turn invalid bytes into U+FFFD
    // and store a message that is not what WeChat sent (docs/reliability.md B8).
    const plaintext = utf8.decode(content.subarray(HEADER_BYTES, HEADER_BYTES + msgLength));
    const appId = utf8.decode(content.subarray(HEADER_BYTES + msgLength));
    return { plaintext, appId };
  } catch {
    return null;
  }
}

/**
 * Tries the keys in order (current first, then the previous one, because an admin can rotate
 * the key while pushes encrypted with the old one are in flight — docs/wechat-protocol.md §5.1) and says
 * which key worked, so the reply can be sealed with the same one. The appId is returned, not
 * checked: comparing it with the tenant is the caller's job.
 */
export function decryptMessage(args: {
  encodingAesKeys: string[];
  ciphertext: string;
}): { plaintext: string; appId: string; keyIndex: number } {
  const { ciphertext } = args;
  if (ciphertext.length === 0 || !STRICT_BASE64.test(ciphertext)) throw new WebhookError('cannot_decrypt');
  const data = Buffer.from(ciphertext, 'base64');
  // Whole AES blocks only, and at least the 20-byte header plus one pad byte. Multiples of 16
  // (not 32) are allowed so replies padded with ordinary 16-byte PKCS#7 still open.
  if (data.length < 2 * AES_BLOCK || data.length % AES_BLOCK !== 0) throw new WebhookError('cannot_decrypt');

  for (const [keyIndex, encodingAesKey] of args.encodingAesKeys.entries()) {
    const opened = openWithKey(decodeAesKey(encodingAesKey), data);
    if (opened) return { ...opened, keyIndex };
  }
  throw new WebhookError('cannot_decrypt');
}
