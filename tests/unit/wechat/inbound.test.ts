import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  composeInboundRequest,
  computeSignature,
  decryptMessage,
  encryptMessage,
  MAX_BODY_BYTES,
  openInboundRequest,
  openPassiveReply,
  parseXmlFields,
  renderInboundXml,
  renderReplyXml,
  sealReply,
  toInboundMessage,
  type WebhookCredentials,
} from '../../../lib/wechat';
import { credentialsFor, errorCode, fullStr, rawEncrypt, SYNTHETIC_KEY } from './fixtures';
import { inboundCases, need, officialCase, ORIGINAL_IDS, type InboundCase } from './vectors';

function vector(id: string): InboundCase {
  const c = inboundCases.find((v) => v.id === id);
  if (!c) throw new Error(`inbound-encrypted.json has no case ${id}`);
  return c;
}

function credsOf(c: InboundCase, overrides: Partial<WebhookCredentials> = {}): WebhookCredentials {
  return credentialsFor(c, { mode: c.id.includes('compat') ? 'compatible' : 'safe', ...overrides });
}

function openVector(c: InboundCase, over: { credentials?: WebhookCredentials; query?: URLSearchParams; body?: string; now?: number } = {}) {
  return openInboundRequest({
    credentials: over.credentials ?? credsOf(c),
    query: over.query ?? new URLSearchParams(c.query),
    body: over.body ?? c.body,
    now: over.now ?? Number(c.timestamp),
  });
}

const T3 = vector('in-T3-textEmoji');
const T3_CREDS = credsOf(T3);
const NOW = 1717200222;

/** A push signed with the tenant's token around an arbitrary <Encrypt> value. */
function signedEnvelope(creds: WebhookCredentials, encrypt: string, timestamp = String(NOW), nonce = '31337') {
  const query = new URLSearchParams({
    signature: computeSignature([creds.token, timestamp, nonce]),
    timestamp,
    nonce,
    encrypt_type: 'aes',
    msg_signature: computeSignature([creds.token, timestamp, nonce, encrypt]),
  });
  const body = `<xml>\n<ToUserName><![CDATA[${creds.originalId ?? ''}]]></ToUserName>\n<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`;
  return { query, body };
}

/** A correctly encrypted and signed push of any inner payload, as WeChat would send it. */
function encryptedPush(creds: WebhookCredentials, inner: string, now = NOW) {
  return composeInboundRequest({ credentials: creds, xml: inner, encrypt: true, timestamp: String(now), nonce: '4242', openid: 'oUser1' });
}

function plaintextPush(creds: WebhookCredentials, xml: string, now = NOW) {
  return composeInboundRequest({ credentials: creds, xml, encrypt: false, timestamp: String(now), nonce: '4242' });
}

const textXml = (overrides: Record<string, string | number> = {}) =>
  renderInboundXml({
    ToUserName: ORIGINAL_IDS['T3'] ?? '',
    FromUserName: 'oUser1',
    CreateTime: NOW,
    MsgType: 'text',
    Content: '你好',
    MsgId: '24613478659412345678',
    ...overrides,
  });

describe('inbound vectors', () => {
  for (const c of inboundCases) {
    it(`verifies, decrypts and types the push: ${c.id}`, () => {
      expect(c.query['msg_signature']).toBe(c.msgSignature);
      expect(computeSignature([c.token, c.timestamp, c.nonce, c.encrypt])).toBe(c.msgSignature);
      expect(decryptMessage({ encodingAesKeys: [c.aesKey], ciphertext: c.encrypt })).toEqual({
        plaintext: c.plaintextXml,
        appId: c.appId,
        keyIndex: 0,
      });

      const opened = openVector(c);
      expect(opened.ok).toBe(true);
      if (!opened.ok) return;
      expect(opened).toMatchObject({ encrypted: true, keyIndex: 0, nonce: c.nonce, timestamp: c.timestamp });
      expect(opened.message).toEqual(toInboundMessage(parseXmlFields(c.plaintextXml)));
      expect(opened.message.toUserName).toBe(ORIGINAL_IDS[c.tenant]);
    });
  }

  it('yields the typed message each vector describes', () => {
    const typed = (id: string) => {
      const opened = openVector(vector(id));
      if (!opened.ok) throw new Error(`${id} not accepted`);
      return opened.message;
    };
    expect(typed('in-T1-textZh')).toMatchObject({ msgType: 'text', msgId: '24613478659412345678', content: '您好，请问居住证办理需要哪些材料？' });
    expect(typed('in-T1-textEmoji')).toMatchObject({ msgType: 'text', msgId: '9007199254740993', content: '办证进度查询📄✅ 谢谢👍🏻 😀' });
    expect(typed('in-T1-subscribeQr')).toMatchObject({ msgType: 'event', event: 'subscribe', scene: 'district_07' });
    expect(typed('in-T2-voiceRecognition')).toMatchObject({ msgType: 'voice', format: 'amr', recognition: '我想预约明天上午的社保窗口' });
    expect(typed('in-T2-location')).toMatchObject({ msgType: 'location', latitude: 31.230416, longitude: 121.473701, scale: 15 });
    expect(typed('in-T3-massSendFinish')).toMatchObject({
      msgType: 'event',
      event: 'MASSSENDJOBFINISH',
      msgId: '1000000338',
      status: 'send success',
      totalCount: 296,
      filterCount: 295,
      sentCount: 295,
      errorCount: 0,
    });
  });

  it('opens the official Python compatibility-mode sample', () => {
    const c = officialCase('official-python-sample-compat-decrypt');
    const plaintext = need(c.plaintext, 'plaintext');
    const encrypt = need(c.encrypt, 'encrypt');
    const credentials: WebhookCredentials = {
      token: c.token,
      appId: need(c.appId, 'appId'),
      originalId: 'gh_10f6c3c3ac5a',
      mode: 'compatible',
      encodingAesKeys: [need(c.aesKey, 'aesKey')],
    };
    const query = new URLSearchParams({ timestamp: c.timestamp, nonce: c.nonce, encrypt_type: 'aes', msg_signature: need(c.msgSignature, 'msgSignature') });
    // The compat body as WeChat sends it, with the plaintext sibling altered: it is unsigned.
    const body = plaintext.replace('abcdteT', 'FORGED').replace(/\n<\/xml>$/, `\n<Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`);
    expect(body).toContain('FORGED');
    const opened = openInboundRequest({ credentials, query, body, now: Number(c.timestamp) });
    expect(opened.ok && opened.message).toMatchObject({ msgType: 'text', content: 'abcdteT', msgId: '6054768590064713728' });
  });

  it('opens the official C++ sample as a safe-mode push', () => {
    const c = officialCase('official-cpp-sample-decrypt');
    const credentials: WebhookCredentials = {
      token: c.token,
      appId: need(c.appId, 'appId'),
      originalId: 'gh_10f6c3c3ac5a',
      mode: 'safe',
      encodingAesKeys: [need(c.aesKey, 'aesKey')],
    };
    const { query, body } = signedEnvelope(credentials, need(c.encrypt, 'encrypt'), c.timestamp, c.nonce);
    expect(query.get('msg_signature')).toBe(c.msgSignature);
    const opened = openInboundRequest({ credentials, query, body, now: Number(c.timestamp) });
    expect(opened.ok && opened.message).toMatchObject({ msgType: 'text', content: 'abcdteT', msgId: '6057404712141979648' });
  });

  it('keeps an unknown event from the Open Platform doc example instead of refusing it', () => {
    const c = officialCase('official-oplatform-doc-safe-mode-xml');
    const credentials: WebhookCredentials = {
      token: c.token,
      appId: need(c.appId, 'appId'),
      originalId: 'gh_97417a04a28d',
      mode: 'safe',
      encodingAesKeys: [need(c.aesKey, 'aesKey')],
    };
    const { query, body } = signedEnvelope(credentials, need(c.encrypt, 'encrypt'), c.timestamp, c.nonce);
    expect(query.get('msg_signature')).toBe(c.msgSignature);
    expect(query.get('signature')).toBe(c.signature);
    const opened = openInboundRequest({ credentials, query, body, now: Number(c.timestamp) });
    expect(opened.ok && opened.message).toMatchObject({ msgType: 'event', event: 'other', eventName: 'debug_demo' });
    expect(opened.ok && opened.message.fields['debug_str']).toBe('hello world');
  });
});

describe('authenticity and replay', () => {
  it('rejects every subset of missing timestamp/nonce/msg_signature as an invalid signature', () => {
    const names = ['timestamp', 'nonce', 'msg_signature'];
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const query = new URLSearchParams(T3.query);
      names.forEach((n, i) => (mask & (1 << i) ? query.delete(n) : undefined));
      expect(errorCode(() => openVector(T3, { query })), query.toString()).toBe('invalid_signature');
    }
  });

  it('rejects every subset of missing signature/timestamp/nonce on a plaintext push', () => {
    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const push = plaintextPush(creds, textXml());
    const names = ['signature', 'timestamp', 'nonce'];
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const query = new URLSearchParams(push.query);
      names.forEach((n, i) => (mask & (1 << i) ? query.delete(n) : undefined));
      expect(errorCode(() => openInboundRequest({ credentials: creds, query, body: push.body, now: NOW }))).toBe('invalid_signature');
    }
  });

  it('rejects forged, upper-case, truncated and other-token msg_signatures', () => {
    const forged = [
      'f'.repeat(40),
      T3.msgSignature.toUpperCase(),
      T3.msgSignature.slice(0, 39),
      computeSignature(['pamtest', T3.timestamp, T3.nonce, T3.encrypt]),
      // Right token, parts hashed in arrival order instead of sorted.
      createHash('sha1').update(`${T3.token}${T3.timestamp}${T3.nonce}${T3.encrypt}`).digest('hex'),
      // The plain 3-value signature, which never covers the body.
      computeSignature([T3.token, T3.timestamp, T3.nonce]),
    ];
    for (const msgSignature of forged) {
      const query = new URLSearchParams({ ...T3.query, msg_signature: msgSignature });
      expect(errorCode(() => openVector(T3, { query })), msgSignature).toBe('invalid_signature');
    }
  });

  it('rejects a bit-flipped Encrypt carrying the original msg_signature, before decrypting', () => {
    const bytes = Buffer.from(T3.encrypt, 'base64');
    for (const bit of [0, 7, 100, 8 * 16 + 3, bytes.length * 8 - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      const body = T3.body.replace(T3.encrypt, flipped.toString('base64'));
      expect(errorCode(() => openVector(T3, { body })), `bit ${bit}`).toBe('invalid_signature');
    }
  });

  it('accepts a timestamp 299 s away and rejects one 301 s away, in both directions', () => {
    const ts = Number(T3.timestamp);
    expect(errorCode(() => openVector(T3, { now: ts + 299 }))).toBeUndefined();
    expect(errorCode(() => openVector(T3, { now: ts - 299 }))).toBeUndefined();
    expect(errorCode(() => openVector(T3, { now: ts + 301 }))).toBe('stale_timestamp');
    expect(errorCode(() => openVector(T3, { now: ts - 301 }))).toBe('stale_timestamp');

    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const push = plaintextPush(creds, textXml());
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...push, now: NOW + 301 }))).toBe('stale_timestamp');
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...push, now: NOW - 299 }))).toBeUndefined();
  });

  it('reports a forgery as invalid_signature even when its timestamp is stale too', () => {
    const query = new URLSearchParams({ ...T3.query, msg_signature: '0'.repeat(40) });
    expect(errorCode(() => openVector(T3, { query, now: NOW + 100_000 }))).toBe('invalid_signature');
  });

  it('accepts none of the vectors replayed against another tenant', () => {
    const tenants = new Map(inboundCases.map((c) => [c.tenant, credsOf(c, { mode: 'safe' })]));
    let attempts = 0;
    let accepted = 0;
    for (const c of inboundCases) {
      for (const [tenant, credentials] of tenants) {
        if (tenant === c.tenant) continue;
        attempts++;
        const code = errorCode(() => openVector(c, { credentials }));
        if (code === undefined) accepted++;
        expect(code, `${c.id} → ${tenant}`).toBe('invalid_signature');
      }
    }
    expect(attempts).toBe(inboundCases.length * 3);
    expect(accepted).toBe(0);
  });

  it('rejects a push decrypted with the right key but addressed to another appId', () => {
    // T2 shares token and key with the Open Platform doc example; only the appId tells them apart.
    const c = vector('in-T2-textZh');
    const credentials = credsOf(c, { appId: 'wx134c8103faa5a59e' });
    expect(errorCode(() => openVector(c, { credentials }))).toBe('wrong_appid');
  });

  it('rejects an authenticated push whose ToUserName is not this account', () => {
    expect(errorCode(() => openVector(T3, { credentials: { ...T3_CREDS, originalId: 'gh_someoneelse' } }))).toBe('wrong_account');
    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const push = plaintextPush(creds, textXml({ ToUserName: 'gh_someoneelse' }));
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...push, now: NOW }))).toBe('wrong_account');
  });

  it('skips the ToUserName check while the account has no original id configured', () => {
    expect(openVector(T3, { credentials: { ...T3_CREDS, originalId: null } }).ok).toBe(true);
  });
});

describe('modes', () => {
  it('requires encryption from a safe-mode account, once the plain signature is valid', () => {
    const push = plaintextPush(T3_CREDS, textXml());
    expect(errorCode(() => openInboundRequest({ credentials: T3_CREDS, ...push, now: NOW }))).toBe('encryption_required');
    const forged = new URLSearchParams(push.query);
    forged.set('signature', '0'.repeat(40));
    expect(errorCode(() => openInboundRequest({ credentials: T3_CREDS, query: forged, body: push.body, now: NOW }))).toBe(
      'invalid_signature',
    );
  });

  it('accepts a plaintext push on a plaintext or compatible account', () => {
    for (const mode of ['plaintext', 'compatible'] as const) {
      const creds = { ...T3_CREDS, mode };
      const opened = openInboundRequest({ credentials: creds, ...plaintextPush(creds, textXml()), now: NOW });
      expect(opened).toMatchObject({ ok: true, encrypted: false, keyIndex: null, nonce: '4242', timestamp: String(NOW) });
    }
  });

  it('uses only the decrypted payload of a compatibility-mode push', () => {
    const c = vector('in-T3-compat-mode');
    const body = c.body.replace('<Content><![CDATA[您好，请问居住证办理需要哪些材料？]]></Content>', '<Content><![CDATA[伪造的内容]]></Content>');
    expect(body).not.toBe(c.body);
    const opened = openVector(c, { body });
    expect(opened.ok && opened.message).toMatchObject({ msgType: 'text', content: '您好，请问居住证办理需要哪些材料？' });
    expect(opened.ok && opened.message.fields['Content']).toBe('您好，请问居住证办理需要哪些材料？');
  });

  it('accepts an encrypted push even where the account is still configured for plaintext', () => {
    const opened = openVector(T3, { credentials: { ...T3_CREDS, mode: 'plaintext' } });
    expect(opened.ok).toBe(true);
  });
});

describe('outer envelope and body defects', () => {
  it('refuses a body over 1 MiB', () => {
    const body = `<xml><a>${'x'.repeat(MAX_BODY_BYTES)}</a></xml>`;
    expect(errorCode(() => openVector(T3, { body }))).toBe('body_too_large');
  });

  it('refuses DOCTYPE and ENTITY in the outer body, in any case', () => {
    for (const prefix of ['<!DOCTYPE xml>', '<!doctype xml [<!entity e "x">]>']) {
      expect(errorCode(() => openVector(T3, { body: prefix + T3.body }))).toBe('doctype_not_allowed');
    }
    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const push = plaintextPush(creds, `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${textXml({ Content: '&e;' })}`);
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...push, now: NOW }))).toBe('doctype_not_allowed');
  });

  it('refuses a malformed, truncated or two-rooted outer envelope', () => {
    for (const body of [T3.body.slice(0, 60), `${T3.body}${T3.body}`, '', 'success', T3.body.replace('</xml>', '')]) {
      expect(errorCode(() => openVector(T3, { body })), body.slice(0, 40)).toBe('malformed_xml');
    }
  });

  it('refuses an envelope without a usable Encrypt', () => {
    expect(errorCode(() => openVector(T3, { body: '<xml><ToUserName><![CDATA[gh_c1v1c0000003]]></ToUserName></xml>' }))).toBe('malformed_xml');
    const empty = signedEnvelope(T3_CREDS, '');
    expect(errorCode(() => openInboundRequest({ credentials: T3_CREDS, ...empty, now: NOW }))).toBe('malformed_xml');
    const nested = T3.body.replace(`<![CDATA[${T3.encrypt}]]>`, '<a>1</a>');
    expect(errorCode(() => openVector(T3, { body: nested }))).toBe('malformed_xml');
  });

  it('refuses a plaintext push with a duplicate MsgId or a __proto__ tag', () => {
    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const dup = plaintextPush(creds, textXml().replace('</xml>', '<MsgId>1</MsgId>\n</xml>'));
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...dup, now: NOW }))).toBe('duplicate_field');
    const proto = plaintextPush(creds, textXml().replace('</xml>', '<__proto__><polluted>1</polluted></__proto__>\n</xml>'));
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...proto, now: NOW }))).toBe('malformed_xml');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const missing = plaintextPush(creds, textXml().replace(/<FromUserName>.*?<\/FromUserName>\n/, ''));
    expect(errorCode(() => openInboundRequest({ credentials: creds, ...missing, now: NOW }))).toBe('missing_field');
  });
});

describe('ciphertext defects (signed with the right token)', () => {
  const appId = T3_CREDS.appId;
  const key = need(T3_CREDS.encodingAesKeys[0], 'key');
  const open = (encrypt: string, credentials = T3_CREDS) => () =>
    openInboundRequest({ credentials, ...signedEnvelope(credentials, encrypt), now: NOW });

  it('refuses Encrypt that is not base64', () => {
    expect(errorCode(open('!!!not-base64!!!'))).toBe('cannot_decrypt');
    expect(errorCode(open(`${T3.encrypt.slice(0, 20)} ${T3.encrypt.slice(20)}`))).toBe('cannot_decrypt');
  });

  it('refuses bad padding', () => {
    const msg = Buffer.from(textXml());
    const body = fullStr({ msg, appId }).subarray(0, 20 + msg.length + appId.length);
    const fill = 32 - (body.length % 32);
    const zeroPad = rawEncrypt(key, Buffer.concat([body, Buffer.alloc(fill, 0)]));
    expect(errorCode(open(zeroPad))).toBe('cannot_decrypt');
    const mixed = Buffer.alloc(fill, fill);
    mixed[0] = fill + 1;
    expect(errorCode(open(rawEncrypt(key, Buffer.concat([body, mixed]))))).toBe('cannot_decrypt');
    const control = rawEncrypt(key, Buffer.concat([body, Buffer.alloc(fill, fill)]));
    expect(errorCode(open(control))).toBeUndefined();
  });

  it('refuses a msg_len beyond the data', () => {
    expect(errorCode(open(rawEncrypt(key, fullStr({ msg: Buffer.from(textXml()), appId, msgLen: 1 << 30 }))))).toBe('cannot_decrypt');
  });

  it('refuses a push encrypted under a key this account does not hold', () => {
    expect(errorCode(open(T3.encrypt, { ...T3_CREDS, encodingAesKeys: [SYNTHETIC_KEY] }))).toBe('cannot_decrypt');
  });

  it('refuses a push whose FullStr ends in another appId, with 401', () => {
    const foreign = encryptMessage({ encodingAesKey: key, appId: 'wx0000000000000bad', plaintext: textXml() });
    expect(errorCode(open(foreign))).toBe('wrong_appid');
  });
});

describe('authenticated but defective payloads are quarantined', () => {
  const cases: [string, string, string][] = [
    ['not XML at all', 'hello', 'malformed_xml'],
    ['truncated XML', textXml().slice(0, 50), 'malformed_xml'],
    ['a DOCTYPE inside', `<!DOCTYPE xml>${textXml()}`, 'doctype_not_allowed'],
    ['a duplicate MsgId', textXml().replace('</xml>', '<MsgId>2</MsgId></xml>'), 'duplicate_field'],
    ['no FromUserName', textXml().replace(/<FromUserName>.*?<\/FromUserName>\n/, ''), 'missing_field'],
    ['a malformed MsgId', textXml({ MsgId: 'abc' }), 'malformed_xml'],
    ['a text message without Content', textXml().replace(/<Content>.*?<\/Content>\n/, ''), 'malformed_xml'],
  ];
  for (const [what, inner, code] of cases) {
    it(`quarantines ${what} with code ${code}`, () => {
      const opened = openInboundRequest({ credentials: T3_CREDS, ...encryptedPush(T3_CREDS, inner), now: NOW });
      expect(opened).toEqual({
        ok: false,
        quarantine: { code, payload: inner },
        encrypted: true,
        keyIndex: 0,
        nonce: '4242',
        timestamp: String(NOW),
      });
    });
  }

  it('strips NUL from a quarantined payload so it can be stored', () => {
    const opened = openInboundRequest({ credentials: T3_CREDS, ...encryptedPush(T3_CREDS, 'bad\u0000payload'), now: NOW });
    expect(!opened.ok && opened.quarantine.payload).toBe('badpayload');
  });
});

describe('text clean-up and exact ids', () => {
  it('strips NUL from a citizen message instead of failing on it', () => {
    const inner = textXml({ Content: '办理\u0000材料' });
    const opened = openInboundRequest({ credentials: T3_CREDS, ...encryptedPush(T3_CREDS, inner), now: NOW });
    expect(opened.ok && opened.message).toMatchObject({ content: '办理材料' });
    const creds = { ...T3_CREDS, mode: 'plaintext' as const };
    const plain = openInboundRequest({ credentials: creds, ...plaintextPush(creds, inner), now: NOW });
    expect(plain.ok && plain.message).toMatchObject({ content: '办理材料' });
  });

  it('keeps MsgId 24613478659412345678 exact', () => {
    const opened = openVector(vector('in-T1-textZh'));
    expect(opened.ok && opened.message.msgType === 'text' && opened.message.msgId).toBe('24613478659412345678');
  });
});

describe('key rotation and sealed replies', () => {
  const rotated: WebhookCredentials = { ...T3_CREDS, encodingAesKeys: [SYNTHETIC_KEY, need(T3_CREDS.encodingAesKeys[0], 'key')] };

  it('accepts a push under the previous key and seals the reply with that key', () => {
    const opened = openVector(T3, { credentials: rotated });
    expect(opened).toMatchObject({ ok: true, keyIndex: 1 });
    if (!opened.ok) return;
    const xml = renderReplyXml(
      { type: 'text', content: '已收到' },
      { toUser: opened.message.fromUserName, fromUser: opened.message.toUserName, createTime: NOW, maxArticles: 1 },
    );
    const sealed = sealReply({ credentials: rotated, opened, xml, now: NOW + 1 });
    // WeChat still holds only the old key: it must be able to read the reply.
    const oldKeyOnly = { ...T3_CREDS };
    expect(openPassiveReply({ credentials: oldKeyOnly, body: sealed })?.xml).toBe(xml);
    expect(errorCode(() => openPassiveReply({ credentials: { ...T3_CREDS, encodingAesKeys: [SYNTHETIC_KEY] }, body: sealed }))).toBe(
      'cannot_decrypt',
    );
    const outer = parseXmlFields(sealed);
    expect(outer['TimeStamp']).toBe(String(NOW + 1));
    expect(outer['Nonce']).toBe(T3.nonce);
  });

  it('answers a plaintext push with the plain XML', () => {
    const xml = '<xml><MsgType><![CDATA[text]]></MsgType></xml>';
    expect(sealReply({ credentials: T3_CREDS, opened: { encrypted: false, keyIndex: null, nonce: '1' }, xml, now: NOW })).toBe(xml);
  });

  it('never encrypts success or the empty answer', () => {
    for (const xml of ['success', '']) {
      expect(sealReply({ credentials: T3_CREDS, opened: { encrypted: true, keyIndex: 0, nonce: '1' }, xml, now: NOW })).toBe(xml);
    }
  });
});
