import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { demoAccounts } from '../../db/demo/accounts';
import { accounts } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { composeInboundRequest, openPassiveReply, renderInboundXml } from '../../lib/wechat/compose';
import type { WebhookCredentials } from '../../lib/wechat/inbound';
import type { DbHandle } from '../../db/client';
import { createTestDb, type TestDb } from './test-db';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789';

/** Credentials of a seeded demo account, as WeChat's side knows them. */
export function demoCredentials(slug: string): WebhookCredentials {
  const account = demoAccounts.find((a) => a.slug === slug);
  if (!account) throw new Error(`no demo account ${slug}`);
  return {
    token: account.token,
    appId: account.appId,
    originalId: account.originalId,
    mode: account.messageMode,
    encodingAesKeys: [account.encodingAesKey],
  };
}

/**
 * A seeded test database that the app's own modules (db/index.ts getDb) also use, so route
 * handlers can be called directly, exactly as Next calls them.
 */
export async function createSeededAppDb(): Promise<TestDb> {
  const testDb = await createTestDb();
  await seedDemo(testDb.db, { secretKey: TEST_SECRET_KEY });
  installAppDb(testDb.handle);
  return testDb;
}

/** The id of an account by its slug (the demo's accounts get fresh ids in every database). */
export async function accountIdBySlug(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, slug));
  if (!row) throw new Error(`no account ${slug}`);
  return row.id;
}

export function installAppDb(handle: DbHandle): void {
  (globalThis as { __wegovDb?: Promise<DbHandle> }).__wegovDb = Promise.resolve(handle);
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

let msgCounter = BigInt(Date.now()) * 1000n;
export function nextMsgId(): string {
  msgCounter += 1n;
  return msgCounter.toString();
}

export function textMessage(credentials: WebhookCredentials, openid: string, content: string, msgId = nextMsgId()) {
  return {
    ToUserName: credentials.originalId ?? 'gh_unknown',
    FromUserName: openid,
    CreateTime: nowSeconds(),
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
  };
}

export function eventMessage(credentials: WebhookCredentials, openid: string, event: string, extra: Record<string, string | number> = {}) {
  return {
    ToUserName: credentials.originalId ?? 'gh_unknown',
    FromUserName: openid,
    CreateTime: nowSeconds(),
    MsgType: 'event',
    Event: event,
    ...extra,
  };
}

export interface SignedPush {
  url: string;
  body: string;
}

/** A push signed (and encrypted when asked) as WeChat would send it to /api/wechat/{slug}. */
export function signedPush(args: {
  slug: string;
  credentials: WebhookCredentials;
  fields: Record<string, string | number>;
  encrypt?: boolean;
  timestamp?: number;
  nonce?: string;
}): SignedPush {
  const encrypt = args.encrypt ?? args.credentials.mode === 'safe';
  const { query, body } = composeInboundRequest({
    credentials: args.credentials,
    xml: renderInboundXml(args.fields),
    encrypt,
    timestamp: String(args.timestamp ?? nowSeconds()),
    nonce: args.nonce ?? String(randomBytes(4).readUInt32BE()),
    openid: String(args.fields.FromUserName),
  });
  return { url: `http://localhost/api/wechat/${args.slug}?${query}`, body };
}

export function pushRequest(push: SignedPush, init: RequestInit = {}): Request {
  return new Request(push.url, { method: 'POST', body: push.body, headers: { 'content-type': 'text/xml' }, ...init });
}

export function readReply(credentials: WebhookCredentials, body: string) {
  return openPassiveReply({ credentials, body });
}

/** Sends a Fetch `Request` to the webhook and returns its answer. */
export type WebhookSender = (request: Request) => Promise<Response>;

export interface WebhookServer {
  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  url: string;
  send: WebhookSender;
  close(): Promise<void>;
}

/**
 * The webhook's one host (lib/server/webhook-http.ts, what `npm start` serves /api/wechat with)
 * on a real node:http server over a real socket, storing into the app's database (db/index.ts).
 * A `content-length` header set on the Request is sent as is (even when it lies); without one
 * the body goes chunked, so its size is only discovered while reading.
 */
export async function startWebhookServer(options: { db?: () => Promise<Db>; deadlineMs?: number } = {}): Promise<WebhookServer> {
  const http = await import('node:http');
  const { createWebhookHttpHandler } = await import('../../lib/server/webhook-http');
  const { getDb } = await import('../../db');
  const server = http.createServer(createWebhookHttpHandler(options.db ?? getDb, { deadlineMs: options.deadlineMs }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const send: WebhookSender = async (request) => {
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    const chunked = body !== null && !headers['content-length'];
    if (chunked) headers['transfer-encoding'] = 'chunked';
    return new Promise<Response>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: request.method, path: `${url.pathname}${url.search}`, headers, agent: false, signal: request.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
          resolve(new Response(chunks.length ? Buffer.concat(chunks) : null, { status: res.statusCode ?? 0, headers: responseHeaders }));
        });
      });
      // The server may answer (413, 404…) and close before the body is written: that is its job.
      req.on('error', reject);
      if (body) {
        if (chunked) {
          for (let at = 0; at < body.byteLength; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
        } else req.write(body);
      }
      req.end();
    });
  };
  return {
    url: `http://127.0.0.1:${port}`,
    send,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A seeded app database and the webhook serving it over a socket: what a webhook test file opens first. */
export async function openWebhookWorld(): Promise<{ t: TestDb; webhook: WebhookServer; close(): Promise<void> }> {
  const t = await createSeededAppDb();
  const webhook = await startWebhookServer();
  return {
    t,
    webhook,
    async close() {
      await webhook.close();
      await t.close();
    },
  };
}
