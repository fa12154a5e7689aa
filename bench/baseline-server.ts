import http from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import postgres from 'postgres';
import { computeSignature, signaturesEqual } from '../lib/wechat/signature';

/**
 * The baseline of `npm run bench:webhook`: a bare node:http handler doing the minimum a WeChat
 * webhook must do — check the signature, parse the XML, one insert with dedup — and nothing
 * else (no framework, no follower or conversation, no reply rules).
 */
const url = process.env.BENCH_DATABASE_URL!;
const token = process.env.BENCH_TOKEN!;
const port = Number(process.env.BENCH_PORT);
const sql = postgres(url, { max: 10, onnotice: () => {} });
await sql`create table if not exists bench_baseline_messages (id bigint generated always as identity primary key, dedup_key text not null unique, from_user text not null, content text, created_at timestamptz not null default now())`;
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, processEntities: true, htmlEntities: false, trimValues: false });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const expected = computeSignature([token, query.get('timestamp') ?? '', query.get('nonce') ?? '']);
    if (!signaturesEqual(expected, query.get('signature'))) {
      res.writeHead(401).end('invalid signature');
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    if (XMLValidator.validate(body) !== true) {
      res.writeHead(400).end('malformed xml');
      return;
    }
    const xml = (parser.parse(body) as { xml: Record<string, string> }).xml;
    try {
      await sql`insert into bench_baseline_messages (dedup_key, from_user, content) values (${`m:${xml.MsgId ?? ""}`}, ${xml.FromUserName ?? ""}, ${xml.Content ?? null}) on conflict do nothing`;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
    } catch {
      res.writeHead(503).end('try again');
    }
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('baseline ready\n'));
process.on('SIGTERM', () => {
  server.close();
  void sql.end().then(() => process.exit(0));
});
