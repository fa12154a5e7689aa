import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client';
import { messages, quarantinedPayloads } from '../../db/schema';
import { encryptMessage } from '../../lib/wechat/crypto';
import { computeSignature } from '../../lib/wechat/signature';
import { renderInboundXml } from '../../lib/wechat/compose';
import type { TestDb } from '../helpers/test-db';
import {
  openWebhookWorld,
  demoCredentials,
  nowSeconds,
  pushRequest,
  readReply,
  signedPush,
  textMessage,
  installAppDb,
  type WebhookServer,
} from '../helpers/webhook';

/**
 * Every row of docs/wechat-protocol.md §10: the status, the fixed reason, nothing stored, and the
 * next valid request still served — on the webhook's one host, the handler `npm start` serves
 * /api/wechat with (lib/server/webhook-http.ts), over a real socket.
 */
let t: TestDb;
let webhook: WebhookServer;
const send = (request: Request) => webhook.send(request);
const youth = demoCredentials('zhongshan-youth'); // compatible mode
const police = demoCredentials('zhaoqing-police'); // safe mode

let world: Awaited<ReturnType<typeof openWebhookWorld>>;

beforeAll(async () => {
  world = await openWebhookWorld();
  ({ t, webhook } = world);
});
afterAll(() => world.close());

async function storedMessages(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(messages);
  return row?.n ?? 0;
}

async function expectRejected(request: Request, status: number, reason: string) {
  const before = await storedMessages();
  const response = await send(request);
  expect(response.status).toBe(status);
  expect(await response.text()).toBe(reason);
  expect(response.headers.get('content-type')).toContain('text/plain');
  expect(await storedMessages()).toBe(before);
  // Still healthy: a valid push right after is stored and answered.
  const ok = await send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oHealthy', '你好') })));
  expect(ok.status).toBe(200);
  expect(await storedMessages()).toBe(before + 1);
}

function plainQuery(token: string, timestamp = String(nowSeconds()), nonce = '12345') {
  return new URLSearchParams({ signature: computeSignature([token, timestamp, nonce]), timestamp, nonce });
}

describe('the webhook answers bad requests per docs/wechat-protocol.md §10', () => {
  it('echoes echostr for a correctly signed URL verification and refuses a forged one', async () => {
    const query = plainQuery(police.token);
    query.set('echostr', '4375120948345356249');
    const ok = await send(new Request(`http://localhost/api/wechat/zhaoqing-police?${query}`));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('4375120948345356249');
    query.set('signature', 'f'.repeat(40));
    const forged = await send(new Request(`http://localhost/api/wechat/zhaoqing-police?${query}`));
    expect(forged.status).toBe(401);
    expect(await forged.text()).toBe('invalid signature');
  });

  it('answers 404 unknown account for a slug that does not exist', async () => {
    const push = signedPush({ slug: 'no-such-account', credentials: youth, fields: textMessage(youth, 'o1', 'hi') });
    await expectRejected(pushRequest(push), 404, 'unknown account');
  });

  it('answers 405 with Allow for other methods', async () => {
    const response = await send(new Request('http://localhost/api/wechat/zhongshan-youth', { method: 'PUT', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.text()).toBe('method not allowed');
  });

  it('answers 413 for a declared body over 1 MiB without reading it', async () => {
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'o1', 'hi') });
    const request = pushRequest(push, { headers: { 'content-length': String(2 * 1024 * 1024), 'content-type': 'text/xml' } });
    await expectRejected(request, 413, 'body too large');
  });

  it('answers 413 for a streamed body that grows past 1 MiB', async () => {
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'o1', 'x'.repeat(1024 * 1024 + 10)) });
    const stream = new Blob([push.body]).stream();
    const request = new Request(push.url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expectRejected(request, 413, 'body too large');
  });

  it('answers 401 invalid signature when the signature is missing or wrong', async () => {
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'o1', 'hi'), encrypt: false });
    const missing = new URL(push.url);
    missing.searchParams.delete('signature');
    await expectRejected(pushRequest({ ...push, url: missing.toString() }), 401, 'invalid signature');
    const wrong = new URL(push.url);
    wrong.searchParams.set('signature', computeSignature(['another-token', wrong.searchParams.get('timestamp')!, wrong.searchParams.get('nonce')!]));
    await expectRejected(pushRequest({ ...push, url: wrong.toString() }), 401, 'invalid signature');
  });

  it('answers 401 invalid signature for an encrypted push whose msg_signature does not cover its Encrypt', async () => {
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'o1', 'hi') });
    const url = new URL(push.url);
    url.searchParams.set('msg_signature', '0'.repeat(40));
    await expectRejected(pushRequest({ ...push, url: url.toString() }), 401, 'invalid signature');
  });

  it('answers 401 stale timestamp more than 5 minutes off, and accepts 299 s', async () => {
    const stale = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'o1', 'hi'), timestamp: nowSeconds() - 301 });
    await expectRejected(pushRequest(stale), 401, 'stale timestamp');
    const future = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'o1', 'hi'), timestamp: nowSeconds() + 301 });
    await expectRejected(pushRequest(future), 401, 'stale timestamp');
    const fresh = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'o1', 'hi'), timestamp: nowSeconds() - 299 });
    expect((await send(pushRequest(fresh))).status).toBe(200);
  });

  it('answers 400 encryption required for a plaintext push to a safe-mode account', async () => {
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'o1', 'hi'), encrypt: false });
    await expectRejected(pushRequest(push), 400, 'encryption required');
  });

  it('answers 400 cannot decrypt for a signed ciphertext that is not valid', async () => {
    const timestamp = String(nowSeconds());
    const nonce = '777';
    for (const encrypt of ['not*base64!', 'QUJD', Buffer.alloc(48, 7).toString('base64')]) {
      const query = new URLSearchParams({
        signature: computeSignature([police.token, timestamp, nonce]),
        timestamp,
        nonce,
        encrypt_type: 'aes',
        msg_signature: computeSignature([police.token, timestamp, nonce, encrypt]),
      });
      const body = `<xml><ToUserName><![CDATA[${police.originalId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
      await expectRejected(pushRequest({ url: `http://localhost/api/wechat/zhaoqing-police?${query}`, body }), 400, 'cannot decrypt');
    }
  });

  it('answers 401 wrong appid when the ciphertext was made for another app', async () => {
    const timestamp = String(nowSeconds());
    const nonce = '888';
    const encrypt = encryptMessage({
      encodingAesKey: police.encodingAesKeys[0]!,
      appId: 'wxOTHERAPP0000000',
      plaintext: renderInboundXml(textMessage(police, 'o1', 'hi')),
    });
    const query = new URLSearchParams({
      signature: computeSignature([police.token, timestamp, nonce]),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: computeSignature([police.token, timestamp, nonce, encrypt]),
    });
    const body = `<xml><ToUserName><![CDATA[${police.originalId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    await expectRejected(pushRequest({ url: `http://localhost/api/wechat/zhaoqing-police?${query}`, body }), 401, 'wrong appid');
  });

  it('answers 400 malformed xml for empty, truncated or unclosed plaintext bodies', async () => {
    for (const body of ['', 'hello', '<xml><ToUserName>a</xml>', '<xml><Content><![CDATA[abc</Content></xml>', '<a/><b/>']) {
      await expectRejected(pushRequest({ url: `http://localhost/api/wechat/zhongshan-youth?${plainQuery(youth.token)}`, body }), 400, 'malformed xml');
    }
  });

  it('answers 400 malformed xml for bytes that are not UTF-8', async () => {
    const bytes = new Uint8Array([0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]);
    await expectRejected(new Request(`http://localhost/api/wechat/zhongshan-youth?${plainQuery(youth.token)}`, { method: 'POST', body: bytes }), 400, 'malformed xml');
  });

  it('answers 400 doctype not allowed for DOCTYPE or ENTITY declarations, without resolving them', async () => {
    const bodies = [
      '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
      '<?xml version="1.0"?><!doctype lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><a>&lol2;</a></xml>',
      '<xml><!ENTITY x "y"><a>1</a></xml>',
    ];
    for (const body of bodies) {
      await expectRejected(pushRequest({ url: `http://localhost/api/wechat/zhongshan-youth?${plainQuery(youth.token)}`, body }), 400, 'doctype not allowed');
    }
  });

  it('answers 400 missing field and duplicate field', async () => {
    const { MsgType: _omitted, ...withoutType } = textMessage(youth, 'o1', 'hi');
    await expectRejected(
      pushRequest({ url: `http://localhost/api/wechat/zhongshan-youth?${plainQuery(youth.token)}`, body: renderInboundXml(withoutType) }),
      400,
      'missing field',
    );
    const duplicated = renderInboundXml(textMessage(youth, 'o1', 'hi')).replace('</xml>', '<MsgId>1</MsgId>\n</xml>');
    await expectRejected(pushRequest({ url: `http://localhost/api/wechat/zhongshan-youth?${plainQuery(youth.token)}`, body: duplicated }), 400, 'duplicate field');
  });

  it("answers 400 wrong account when ToUserName is not this account's original id", async () => {
    const fields = { ...textMessage(youth, 'o1', 'hi'), ToUserName: 'gh_someoneelse' };
    await expectRejected(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields, encrypt: false })), 400, 'wrong account');
  });

  it('answers 503 try again when the database is unreachable, and stores nothing', async () => {
    const down: DbHandle = await openDb({ databaseUrl: 'postgres://wegov@127.0.0.1:1/none' });
    installAppDb(down);
    try {
      const push = signedPush({ slug: 'zhongshan-weather', credentials: youth, fields: textMessage(youth, 'o1', 'hi') });
      const response = await send(pushRequest(push));
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('try again');
    } finally {
      installAppDb(t.handle);
      await down.close();
    }
    // The same push once the database is back is stored (WeChat's retry would be).
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oBack', 'hi') });
    expect((await send(pushRequest(push))).status).toBe(200);
  });

  it('answers a retry of a stored message with the same passive reply and stores it once', async () => {
    const fields = textMessage(police, 'oRetry', '身份证');
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields });
    const replies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await send(pushRequest(push));
      expect(response.status).toBe(200);
      replies.push(readReply(police, await response.text())!.fields.Content as string);
    }
    expect(new Set(replies).size).toBe(1);
    expect(replies[0]).toContain('身份证补领');
    const rows = await t.db.select({ n: count() }).from(messages).where(eq(messages.dedupKey, `m:${fields.MsgId}`));
    expect(rows[0]?.n).toBe(1);
  });

  it('stores an unknown message type and answers success', async () => {
    const fields = { ...textMessage(youth, 'oNew', ''), MsgType: 'hologram' };
    const response = await send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields, encrypt: false })));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');
    const rows = await t.db.select().from(messages).where(eq(messages.dedupKey, `m:${fields.MsgId}`));
    expect(rows[0]?.msgType).toBe('hologram');
  });

  it('acknowledges an authenticated but defective inner message and quarantines it', async () => {
    const { FromUserName: _dropped, ...inner } = textMessage(police, 'o1', 'hi');
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields: inner });
    const response = await send(pushRequest(push));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');
    const rows = await t.db.select().from(quarantinedPayloads);
    expect(rows.some((r) => r.reason === 'missing_field')).toBe(true);
  });

  it('strips NUL from a citizen message instead of failing on every retry', async () => {
    const fields = textMessage(police, 'oNul', 'a\u0000b');
    const response = await send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields })));
    expect(response.status).toBe(200);
    const [row] = await t.db.select().from(messages).where(eq(messages.dedupKey, `m:${fields.MsgId}`));
    expect(row?.content).toBe('ab');
  });
});
