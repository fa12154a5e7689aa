import { decryptMessage } from './crypto';
import { WebhookError, type WebhookErrorCode } from './errors';
import { toInboundMessage, type InboundMessage } from './messages';
import { renderEncryptedEnvelope } from './reply';
import { computeSignature, signaturesEqual } from './signature';
import { assertNoDoctype, parseXmlFields, sanitizeText } from './xml';

export type MessageMode = 'plaintext' | 'compatible' | 'safe';

export interface WebhookCredentials {
  token: string;
  appId: string;
  /** The account's gh_ id; null while it is not configured yet. */
  originalId: string | null;
  mode: MessageMode;
  /** [current, previous?] — the previous key stays valid for pushes in flight during rotation. */
  encodingAesKeys: string[];
}

export const MAX_BODY_BYTES = 1024 * 1024;
// WeChat documents no window; retries all land within ~20 s, so ±5 min never refuses a genuine
// retry while making a captured request useless soon after (docs/wechat-protocol.md §5.6, docs/reliability.md A5).
export const TIMESTAMP_WINDOW_SECONDS = 300;

function requireParam(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  // Missing parameters are answered exactly like wrong ones: nothing to learn from the
  // difference (docs/reliability.md A1).
  if (value === null || value === '') throw new WebhookError('invalid_signature');
  return value;
}

/**
 * The signature is checked before the clock, so `stale_timestamp` only ever describes a request
 * that really came from someone holding the token — a replay or a skewed clock, worth an alert —
 * while forgeries of any age are all plain `invalid_signature`.
 */
function assertFresh(timestamp: string, now: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookError('stale_timestamp');
  if (Math.abs(now - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS) throw new WebhookError('stale_timestamp');
}

/**
 * GET URL verification. For Official Accounts it is always the plain 3-value signature and a raw
 * echo of `echostr`, whatever the message mode; the encrypted-echostr flow is WeCom's
 * (docs/wechat-protocol.md §2).
 */
export function verifyUrlRequest(args: {
  credentials: WebhookCredentials;
  query: URLSearchParams;
  now: number;
}): string {
  const { credentials, query, now } = args;
  const signature = requireParam(query, 'signature');
  const timestamp = requireParam(query, 'timestamp');
  const nonce = requireParam(query, 'nonce');
  const echostr = requireParam(query, 'echostr');
  if (!signaturesEqual(computeSignature([credentials.token, timestamp, nonce]), signature)) {
    throw new WebhookError('invalid_signature');
  }
  assertFresh(timestamp, now);
  return echostr;
}

export type OpenedInbound =
  | { ok: true; message: InboundMessage; encrypted: boolean; keyIndex: number | null; nonce: string; timestamp: string }
  | {
      ok: false;
      quarantine: { code: WebhookErrorCode; payload: string };
      encrypted: true;
      keyIndex: number;
      nonce: string;
      timestamp: string;
    };

function assertOwnAccount(credentials: WebhookCredentials, message: InboundMessage): void {
  // Reached only with a valid signature, so this is a routing mistake (a push for another
  // account arriving on this URL, e.g. two accounts sharing a token), not an attack: 400,
  // and nothing is stored under the wrong tenant (docs/reliability.md A8).
  if (credentials.originalId !== null && message.toUserName !== credentials.originalId) {
    throw new WebhookError('wrong_account');
  }
}

/**
 * Authenticates and opens one webhook POST, cheapest checks first and nothing parsed before it
 * has to be (docs/wechat-protocol.md §10, docs/reliability.md A–C). Throws WebhookError for every request that must
 * be refused. Returns `ok: false` for a payload that WeChat itself authenticated (msg_signature
 * verified, decrypted, appId matched) but whose inner message is defective: refusing it would
 * only make WeChat retry, so the caller answers `success` and quarantines the payload.
 */
export function openInboundRequest(args: {
  credentials: WebhookCredentials;
  query: URLSearchParams;
  body: string;
  now: number;
}): OpenedInbound {
  const { credentials, query, body, now } = args;
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new WebhookError('body_too_large');

  // compatibility/safe mode pushes carry encrypt_type=aes. An encrypted push is accepted whatever
  // the configured mode: the mode switch in the MP admin applies at once, ours may lag behind.
  if (query.get('encrypt_type') === 'aes') return openEncrypted(credentials, query, body, now);
  return openPlaintext(credentials, query, body, now);
}

function openPlaintext(credentials: WebhookCredentials, query: URLSearchParams, body: string, now: number): OpenedInbound {
  const signature = requireParam(query, 'signature');
  const timestamp = requireParam(query, 'timestamp');
  const nonce = requireParam(query, 'nonce');
  // The plain signature covers only (token, timestamp, nonce), never the body (docs/wechat-protocol.md §2).
  if (!signaturesEqual(computeSignature([credentials.token, timestamp, nonce]), signature)) {
    throw new WebhookError('invalid_signature');
  }
  assertFresh(timestamp, now);
  // Checked after the signature so that only a holder of the token learns the account's mode.
  if (credentials.mode === 'safe') throw new WebhookError('encryption_required');

  // Unauthenticated body: every defect is the sender's problem, answered 4xx.
  const message = toInboundMessage(parseXmlFields(body));
  assertOwnAccount(credentials, message);
  return { ok: true, message, encrypted: false, keyIndex: null, nonce, timestamp };
}

function openEncrypted(credentials: WebhookCredentials, query: URLSearchParams, body: string, now: number): OpenedInbound {
  // In encrypted modes only msg_signature counts: `signature` never covers the body and the doc
  // says not to rely on it (docs/wechat-protocol.md §3.1).
  const msgSignature = requireParam(query, 'msg_signature');
  const timestamp = requireParam(query, 'timestamp');
  const nonce = requireParam(query, 'nonce');

  // The outer envelope has to be parsed to find <Encrypt>; it is unauthenticated, so it is
  // scanned and validated as strictly as a plaintext body and every defect is a 4xx.
  assertNoDoctype(body);
  const envelope = parseXmlFields(body);
  const encrypt = envelope['Encrypt'];
  if (typeof encrypt !== 'string' || encrypt === '') throw new WebhookError('malformed_xml');

  // Signature before decryption: CBC has no MAC, so without this a forger could probe the
  // padding check (docs/reliability.md C6).
  if (!signaturesEqual(computeSignature([credentials.token, timestamp, nonce, encrypt]), msgSignature)) {
    throw new WebhookError('invalid_signature');
  }
  assertFresh(timestamp, now);

  const opened = decryptMessage({ encodingAesKeys: credentials.encodingAesKeys, ciphertext: encrypt });
  // Neither npm package compares the trailing appId; without this a push for account A, with
  // A's key material shared or leaked, would be accepted on B's URL (docs/wechat-protocol.md §5.2).
  if (opened.appId !== credentials.appId) throw new WebhookError('wrong_appid');

  // From here on the payload came from WeChat. In compatibility mode the plaintext siblings of
  // <Encrypt> are unsigned, so only the decrypted payload is used (docs/reliability.md A4).
  let message: InboundMessage;
  try {
    message = toInboundMessage(parseXmlFields(opened.plaintext));
  } catch (err) {
    if (!(err instanceof WebhookError)) throw err;
    return {
      ok: false,
      // Sanitised because the quarantine row lives in PostgreSQL, which refuses NUL.
      quarantine: { code: err.code, payload: sanitizeText(opened.plaintext) },
      encrypted: true,
      keyIndex: opened.keyIndex,
      nonce,
      timestamp,
    };
  }
  assertOwnAccount(credentials, message);
  return { ok: true, message, encrypted: true, keyIndex: opened.keyIndex, nonce, timestamp };
}

/**
 * The body to answer with: the reply as is for a plaintext push; for an encrypted push an
 * envelope sealed with the key that opened the request (so a reply during key rotation is
 * readable by whichever key WeChat used), echoing the request's nonce. `success` and the empty
 * body are never encrypted, in any mode (docs/wechat-protocol.md §4.1).
 */
export function sealReply(args: {
  credentials: WebhookCredentials;
  opened: { encrypted: boolean; keyIndex: number | null; nonce: string };
  xml: string;
  now: number;
  random?: Buffer;
}): string {
  const { credentials, opened, xml, now } = args;
  if (!opened.encrypted || xml === '' || xml === 'success') return xml;
  const encodingAesKey = credentials.encodingAesKeys[opened.keyIndex ?? 0];
  if (encodingAesKey === undefined) throw new Error('no EncodingAESKey to seal the reply with');
  return renderEncryptedEnvelope({
    token: credentials.token,
    encodingAesKey,
    appId: credentials.appId,
    xml,
    timestamp: String(Math.trunc(now)),
    nonce: opened.nonce,
    ...(args.random ? { random: args.random } : {}),
  });
}
