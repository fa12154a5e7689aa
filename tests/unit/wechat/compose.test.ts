import { describe, expect, it } from 'vitest';
import {
  composeInboundRequest,
  openInboundRequest,
  openPassiveReply,
  parseXmlFields,
  renderEncryptedEnvelope,
  renderInboundXml,
  type WebhookCredentials,
} from '../../../lib/wechat';
import { credentialsFor, errorCode } from './fixtures';
import { inboundCases, need, officialCase, replyCases, type InboundCase } from './vectors';

function stringFields(xml: string): Record<string, string> {
  const fields = parseXmlFields(xml);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v !== 'string') throw new Error(`${k} is not text`);
    out[k] = v;
  }
  return out;
}

const isCompat = (c: InboundCase) => c.id.includes('compat');

describe('renderInboundXml', () => {
  for (const c of inboundCases) {
    it(`writes a push the way WeChat does, byte for byte: ${c.id}`, () => {
      expect(renderInboundXml(stringFields(c.plaintextXml))).toBe(c.plaintextXml);
    });
  }

  it('writes numbers bare and text in CDATA, escaping ]]>', () => {
    expect(renderInboundXml({ CreateTime: 1, Content: 'a]]>b', MsgId: '123' })).toBe(
      '<xml><CreateTime>1</CreateTime>\n<Content><![CDATA[a]]]]><![CDATA[>b]]></Content>\n<MsgId>123</MsgId>\n</xml>',
    );
  });
});

describe('composeInboundRequest', () => {
  for (const c of inboundCases) {
    it(`reproduces WeChat's query and body byte for byte: ${c.id}`, () => {
      const credentials = credentialsFor(c, { mode: isCompat(c) ? 'compatible' : 'safe' });
      const { query, body } = composeInboundRequest({
        credentials,
        xml: c.plaintextXml,
        encrypt: true,
        timestamp: c.timestamp,
        nonce: c.nonce,
        openid: need(c.query['openid'], 'openid'),
        random: Buffer.from(c.randomHex, 'hex'),
      });
      expect(query.toString()).toBe(new URLSearchParams(c.query).toString());
      expect(body).toBe(c.body);
    });
  }

  it('produces plaintext pushes its own receiver accepts', () => {
    const credentials: WebhookCredentials = { token: 'tok', appId: 'wx1', originalId: 'gh_1', mode: 'plaintext', encodingAesKeys: [] };
    const xml = renderInboundXml({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1700000000, MsgType: 'text', Content: 'hi', MsgId: '1' });
    const push = composeInboundRequest({ credentials, xml, encrypt: false, timestamp: '1700000000', nonce: '9' });
    expect(push.body).toBe(xml);
    expect([...push.query.keys()]).toEqual(['signature', 'timestamp', 'nonce']);
    const opened = openInboundRequest({ credentials, ...push, now: 1700000000 });
    expect(opened.ok && opened.message).toMatchObject({ msgType: 'text', content: 'hi' });
  });
});

describe('openPassiveReply', () => {
  const c = need(replyCases[0], 'reply case');
  const credentials = credentialsFor(c);

  it('reads nothing from success or an empty body', () => {
    expect(openPassiveReply({ credentials, body: 'success' })).toBeNull();
    expect(openPassiveReply({ credentials, body: '' })).toBeNull();
  });

  for (const r of replyCases) {
    it(`verifies and decrypts an encrypted reply: ${r.id}`, () => {
      const opened = openPassiveReply({ credentials: credentialsFor(r), body: r.responseBody });
      expect(opened?.xml).toBe(r.plaintextXml);
      expect(opened?.fields['MsgType']).toBeDefined();
    });
  }

  it('reads the encrypted replies of the official doc examples', () => {
    for (const id of ['official-oplatform-doc-safe-mode-xml', 'official-miniprogram-doc-safe-mode-json']) {
      const o = officialCase(id);
      const reply = need(o.reply, 'reply');
      const creds: WebhookCredentials = {
        token: o.token,
        appId: need(o.appId, 'appId'),
        originalId: null,
        mode: 'safe',
        encodingAesKeys: [need(o.aesKey, 'aesKey')],
      };
      // The envelope is XML in both; the mini-program payload inside is JSON, not XML.
      if (reply.plaintext.startsWith('<')) {
        expect(openPassiveReply({ credentials: creds, body: reply.responseBody })?.xml).toBe(reply.plaintext);
      } else {
        expect(errorCode(() => openPassiveReply({ credentials: creds, body: reply.responseBody }))).toBe('malformed_xml');
      }
    }
  });

  it('throws when MsgSignature does not match', () => {
    const body = c.responseBody.replace(c.msgSignature, 'f'.repeat(40));
    expect(errorCode(() => openPassiveReply({ credentials, body }))).toBe('invalid_signature');
    expect(errorCode(() => openPassiveReply({ credentials: { ...credentials, token: 'other' }, body: c.responseBody }))).toBe(
      'invalid_signature',
    );
  });

  it('throws when the reply is sealed for another appId', () => {
    const body = renderEncryptedEnvelope({
      token: c.token,
      encodingAesKey: c.aesKey,
      appId: 'wxnotthisaccount',
      xml: c.plaintextXml,
      timestamp: c.timestamp,
      nonce: c.nonce,
    });
    expect(errorCode(() => openPassiveReply({ credentials, body }))).toBe('wrong_appid');
  });

  it('refuses a plaintext reply from a safe-mode account and reads it otherwise', () => {
    expect(errorCode(() => openPassiveReply({ credentials, body: c.plaintextXml }))).toBe('encryption_required');
    const opened = openPassiveReply({ credentials: { ...credentials, mode: 'compatible' }, body: c.plaintextXml });
    expect(opened?.fields['MsgType']).toBe('text');
  });
});
