import net from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client';
import { messages } from '../../db/schema';
import type { TestDb } from '../helpers/test-db';
import {
  createSeededAppDb,
  demoCredentials,
  pushRequest,
  signedPush,
  startWebhookServer,
  textMessage,
  type WebhookServer,
} from '../helpers/webhook';

/**
 * A database that hangs — the connection stays open but nothing comes back — must not make the
 * webhook answer after WeChat has given up (5 s, docs/wechat-protocol.md §4.1): the push is
 * answered 503 at the deadline, and the webhook is healthy again once the database answers.
 * PostgreSQL only: the stall is a TCP proxy between the app and the server.
 */
const onPostgres = process.env.TEST_DB === 'postgres';
const DEADLINE_MS = 600;
const youth = demoCredentials('zhongshan-youth');

/** A TCP proxy to PostgreSQL that can stop passing bytes, in both directions, on every connection. */
async function stallableProxy(target: { host: string; port: number }) {
  let stalled = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const releases: Array<() => void> = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream };
    pairs.add(pair);
    const held: Array<() => void> = [];
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        // While stalled, bytes are held back, as on a connection whose peer stopped answering.
        if (stalled) held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    releases.push(() => held.splice(0).forEach((write) => write()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stall: () => (stalled = true),
    resume: () => {
      stalled = false;
      for (const release of releases) release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

describe.runIf(onPostgres)('the webhook while the database hangs (PostgreSQL)', () => {
  let t: TestDb;
  let proxy: Awaited<ReturnType<typeof stallableProxy>>;
  let proxied: DbHandle;
  let webhook: WebhookServer;

  beforeAll(async () => {
    t = await createSeededAppDb();
    const url = new URL(t.url!);
    proxy = await stallableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    proxied = await openDb({ databaseUrl: url.toString(), max: 4 });
    webhook = await startWebhookServer({ db: async () => proxied.db, deadlineMs: DEADLINE_MS });
  });
  afterAll(async () => {
    await webhook?.close();
    proxy?.resume();
    await proxied?.close().catch(() => {});
    await proxy?.close();
    await t?.close();
  });

  /** The webhook's answer, or a failure if none comes within WeChat's 5 s (the client gives up at 4 s). */
  async function answerWithinWeChatsPatience(push: ReturnType<typeof signedPush>) {
    return webhook.send(pushRequest(push, { signal: AbortSignal.timeout(4_000), headers: { 'content-type': 'text/xml' } }));
  }

  it('answers 503 try again at its deadline, not after WeChat gave up, and recovers when the database answers', async () => {
    const first = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oBeforeStall', '你好') });
    expect((await answerWithinWeChatsPatience(first)).status).toBe(200);

    proxy.stall();
    const during = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oDuringStall', '有人吗') });
    const answered = await answerWithinWeChatsPatience(during);
    expect(answered.status).toBe(503);
    expect(await answered.text()).toBe('try again');

    proxy.resume();
    // WeChat's retry of the same push: stored once, whether or not the stalled write went through meanwhile.
    const retry = await answerWithinWeChatsPatience(during);
    expect(retry.status).toBe(200);
    const [row] = await t.db.select({ n: count() }).from(messages).where(eq(messages.dedupKey, `m:${during.body.match(/<MsgId>(\d+)<\/MsgId>/)![1]}`));
    expect(row?.n).toBe(1);
  });
});
