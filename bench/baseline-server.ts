import http from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import postgres from 'postgres';
import { computeSignature, signaturesEqual } from '../lib/wechat/signature';
import { BENCH_POOL_SIZE, benchDedupKey, benchTableDdl } from './store';

/**
 * The baseline of `npm run bench:webhook`: a bare node:http handler doing the minimum a WeChat
 * webhook must do — check the signature, parse the XML, one insert with dedup — and nothing
 * else (no framework, no follower or conversation, no reply rules). Answers `success`.
 */
const url = process.env.BENCH_DATABASE_URL!;
const token = process.env.BENCH_TOKEN!;
const port = Number(process.env.BENCH_PORT);
const sql = postgres(url, { max: BENCH_POOL_SIZE, onnotice: () => {} });
await sql.unsafe(benchTableDdl('bench_baseline_messages'));
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
    const xml = (parser.parse(body) as { xml: Record<string, string | undefined> }).xml;
    try {
      await sql`insert into bench_baseline_messages (dedup_key, from_user, content) values (${benchDedupKey(xml)}, ${xml.FromUserName ?? ''}, ${xml.Content ?? xml.Status ?? null}) on conflict do nothing`;
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
