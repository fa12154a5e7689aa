import { decryptMessage, encryptMessage } from './crypto';
import { WebhookError } from './errors';
import type { WebhookCredentials } from './inbound';
import { computeSignature, signaturesEqual } from './signature';
import { cdata, parseXmlFields, type XmlValue } from './xml';

/*
 * The other side of the wire: what WeChat's servers send and how they read our answers. Used by
 * the simulator, the tests and the benchmark, never by the webhook itself.
 */

// WeChat writes these bare (no CDATA). MsgId values above 2^53 arrive here as strings, so the
// name decides, not the JS type — otherwise re-rendering a real push would not be byte-exact.
const BARE_FIELDS = new Set([
  'CreateTime',
  'MsgId',
  'MsgID',
  'MsgDataId',
  'Idx',
  'Location_X',
  'Location_Y',
  'Scale',
  'Latitude',
  'Longitude',
  'Precision',
  'TotalCount',
  'FilterCount',
  'SentCount',
  'ErrorCount',
  'ArticleCount',
]);
const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** A push body the way WeChat writes it: CDATA for text, bare numbers, one element per line. */
export function renderInboundXml(fields: Record<string, string | number>): string {
  const lines = Object.entries(fields).map(([name, value]) => {
    const bare = typeof value === 'number' || (BARE_FIELDS.has(name) && NUMERIC.test(value));
    return `<${name}>${bare ? String(value) : cdata(value)}</${name}>`;
  });
  return `<xml>${lines.join('\n')}\n</xml>`;
}

const TO_USER = /<ToUserName>\s*<!\[CDATA\[([^\]]*)\]\]>\s*<\/ToUserName>/;

/**
 * Signs (and for encrypted modes encrypts) a push exactly as WeChat does. Compatibility-mode
 * bodies carry the plaintext fields and <Encrypt> side by side (~3x the size); safe-mode bodies
 * only ToUserName and Encrypt (docs/wechat-protocol.md §3.2). The query always has the plain `signature`
 * too, as real pushes do.
 */
export function composeInboundRequest(args: {
  credentials: WebhookCredentials;
  xml: string;
  encrypt: boolean;
  timestamp: string;
  nonce: string;
  openid?: string;
  random?: Buffer;
}): { query: URLSearchParams; body: string } {
  const { credentials, xml, timestamp, nonce } = args;
  const query = new URLSearchParams();
  query.set('signature', computeSignature([credentials.token, timestamp, nonce]));
  query.set('timestamp', timestamp);
  query.set('nonce', nonce);
  if (args.openid !== undefined) query.set('openid', args.openid);
  if (!args.encrypt) return { query, body: xml };

  const encodingAesKey = credentials.encodingAesKeys[0];
  if (encodingAesKey === undefined) throw new Error('an encrypted push needs an EncodingAESKey');
  const encrypt = encryptMessage({
    encodingAesKey,
    appId: credentials.appId,
    plaintext: xml,
    ...(args.random ? { random: args.random } : {}),
  });
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', computeSignature([credentials.token, timestamp, nonce, encrypt]));

  const encryptEl = `<Encrypt>${cdata(encrypt)}</Encrypt>`;
  if (credentials.mode === 'compatible' && xml.endsWith('</xml>')) {
    const fields = xml.slice(0, -'</xml>'.length).replace(/\n$/, '');
    return { query, body: `${fields}\n${encryptEl}\n</xml>` };
  }
  const toUser = TO_USER.exec(xml)?.[1] ?? credentials.originalId ?? '';
  return { query, body: `<xml>\n<ToUserName>${cdata(toUser)}</ToUserName>\n${encryptEl}\n</xml>` };
}

/**
 * Reads our answer as WeChat would: null for `success` or an empty body (WeChat then does
 * nothing), the decrypted reply for an envelope (MsgSignature verified, appId checked), or the
 * plain XML. Throws WebhookError when WeChat would refuse the answer — including a plaintext
 * reply from a safe-mode account, which real WeChat rejects (docs/wechat-protocol.md §4.1).
 */
export function openPassiveReply(args: {
  credentials: WebhookCredentials;
  body: string;
}): { xml: string; fields: Record<string, XmlValue> } | null {
  const { credentials, body } = args;
  if (body === '' || body === 'success') return null;

  const outer = parseXmlFields(body);
  const encrypt = outer['Encrypt'];
  if (encrypt === undefined) {
    if (credentials.mode === 'safe') throw new WebhookError('encryption_required');
    return { xml: body, fields: outer };
  }

  const { MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce } = outer;
  if (typeof encrypt !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') {
    throw new WebhookError('malformed_xml');
  }
  const expected = computeSignature([credentials.token, timestamp, nonce, encrypt]);
  if (typeof signature !== 'string' || !signaturesEqual(expected, signature)) {
    throw new WebhookError('invalid_signature');
  }
  const opened = decryptMessage({ encodingAesKeys: credentials.encodingAesKeys, ciphertext: encrypt });
  if (opened.appId !== credentials.appId) throw new WebhookError('wrong_appid');
  return { xml: opened.plaintext, fields: parseXmlFields(opened.plaintext) };
}
