/**
 * Random Token and EncodingAESKey, as WeChat's own admin page generates them: the Token is 3–32
 * letters or digits, the EncodingAESKey 43 characters of the base64 alphabet that decode (with a
 * trailing '=') to the 32-byte AES key (docs/wechat-protocol.md §3). Uses Web Crypto only, so the
 * developer page generates them in the browser and the server never has to send one back.
 */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALPHANUMERIC}+/`;

export const TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/;
export const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;

function randomFrom(alphabet: string, length: number): string {
  // Rejection sampling: a plain `byte % n` would favour the first characters.
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** 32 letters and digits: the longest Token WeChat accepts. */
export function generateToken(): string {
  return randomFrom(ALPHANUMERIC, 32);
}

/**
 * 43 base64 characters of 32 random bytes. The last character carries 4 bits of the key and 2
 * spare bits, which are left zero so the key is canonical base64.
 */
export function generateEncodingAesKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  bits += '00';
  let out = '';
  for (let i = 0; i < bits.length; i += 6) out += BASE64[parseInt(bits.slice(i, i + 6), 2)];
  return out;
}
