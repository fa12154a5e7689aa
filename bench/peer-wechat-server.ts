import http from 'node:http';
import postgres from 'postgres';
import wechat from 'wechat';
import { BENCH_POOL_SIZE, benchDedupKey, benchTableDdl } from './store';

/**
 * The peer of `npm run bench:webhook`: what a Node developer would pick instead of WeGov — the
 * node-webot `wechat` middleware (npm `wechat` 2.1.0) on node:http, doing the same store-once
 * insert as the baseline (bench/store.ts: same table shape, dedup key, pool size) and a passive
 * text reply.
 *
 * Configured with the account's token as a plain string, which is how the middleware serves
 * plaintext-signed pushes (no `encrypt_type`/`msg_signature` in the query). Per request it then:
 * - checks `signature` itself: sha1 of the sorted [token, timestamp, nonce], compared with `===`
 *   to req.query.signature (401 'Invalid signature' otherwise);
 * - reads the raw body (every chunk into an array, Buffer.concat, toString('utf-8'), also kept
 *   as req.weixin_xml);
 * - parses it with xml2js 0.4.17 (`parseString`, trim: true: a sax parser building an object of
 *   arrays), then walks that into flat strings (formatMessage) as req.weixin;
 * - calls the handler for the MsgType; `res.reply(text)` renders the reply XML with an ejs
 *   template (writeHead(200) + end). A parse error goes to `next(err)`.
 * With an EncodingAESKey configured and `encrypt_type` + `msg_signature` present it would parse
 * twice (envelope, then the decrypted XML); the benchmark's pushes are plaintext-signed.
 */
const url = process.env.BENCH_DATABASE_URL!;
const token = process.env.BENCH_TOKEN!;
const port = Number(process.env.BENCH_PORT);
const sql = postgres(url, { max: BENCH_POOL_SIZE, onnotice: () => {} });
await sql.unsafe(benchTableDdl('bench_peer_messages'));

async function store(message: wechat.Message): Promise<boolean> {
  try {
    await sql`insert into bench_peer_messages (dedup_key, from_user, content) values (${benchDedupKey(message)}, ${message.FromUserName}, ${message.Content ?? message.Status ?? null}) on conflict do nothing`;
    return true;
  } catch {
    return false;
  }
}

const middleware = wechat(
  token,
  wechat
    .text((message, _req, res) => {
      void store(message).then((stored) => {
        if (stored) res.reply('收到你的留言啦，工作人员会在工作时间回复你。');
        else res.writeHead(503).end('try again');
      });
    })
    .event((message, _req, res) => {
      void store(message).then((stored) => {
        // A job-finish event needs no reply; `success` tells WeChat not to retry.
        if (stored) res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
        else res.writeHead(503).end('try again');
      });
    }),
);

const server = http.createServer((incoming, res) => {
  // Express would have set req.query; on node:http the middleware needs it set for it.
  const req = incoming as wechat.Request;
  req.query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  middleware(req, res as wechat.Response, (error) => {
    // The middleware's fallthrough: unparseable XML (error) or a MsgType without a handler.
    if (error) res.writeHead(400).end('malformed xml');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('peer ready\n'));
process.on('SIGTERM', () => {
  server.close();
  void sql.end().then(() => process.exit(0));
});
