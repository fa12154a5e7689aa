import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's SHA-1 "signature": sort the parts as plain strings (never numerically — nonce "99"
 * sorts after timestamp "1717171717"), concatenate without separators, lowercase hex.
 * Used with (token, timestamp, nonce) for `signature` and with Encrypt added for
 * `msg_signature` / `MsgSignature` (docs/wechat-protocol.md §2, §5.3).
 */
export function computeSignature(parts: string[]): string {
  // Default sort compares UTF-16 code units, which for the ASCII tokens, digits and base64
  // WeChat uses is the same as the byte order its servers sort by.
  const joined = [...parts].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/**
 * Constant-time comparison so a forger cannot learn the signature byte by byte from response
 * times (docs/reliability.md A9). Upper-case hex is deliberately not accepted: WeChat always sends
 * lower case, and a second accepted spelling is only extra forgery surface.
 */
export function signaturesEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
