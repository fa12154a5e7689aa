import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { demoAccounts } from '../db/demo/accounts';
import { seedDemo } from '../db/seed';
import { composeInboundRequest, renderInboundXml } from '../lib/wechat/compose';
import type { WebhookCredentials } from '../lib/wechat/inbound';

/**
 * `npm run bench:webhook`: throughput and latency of POST /api/wechat/{slug} in production mode
 * on PostgreSQL, against a bare node:http handler doing the minimum (signature, parse, one
 * insert) measured in the same run. Every request is a distinct, correctly signed text message
 * from one of 1,000 citizens. Prints the ratio; the target is ≥ 0.5 of the baseline's
 * throughput, p99 < 50 ms at 50 connections and zero non-2xx.
 *
 * Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (50).
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const APP_PORT = 3390;
const BASELINE_PORT = 3391;
const say = (line: string) => process.stdout.write(`${line}\n`);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

function stop(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
}

async function stopAndWait(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stop(child);
  await Promise.race([exited, new Promise((r) => setTimeout(r, timeoutMs))]);
}

let sequence = BigInt(Date.now()) * 1_000_000n;
function signedTextRequest(credentials: WebhookCredentials, slug: string) {
  sequence += 1n;
  const openid = `oBench${(sequence % 1000n).toString().padStart(4, '0')}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const xml = renderInboundXml({
    ToUserName: credentials.originalId!,
    FromUserName: openid,
    CreateTime: Number(timestamp),
    MsgType: 'text',
    Content: '请问周末有什么志愿活动？',
    MsgId: sequence.toString(),
  });
  const { query, body } = composeInboundRequest({ credentials, xml, encrypt: false, timestamp, nonce: String(randomBytes(4).readUInt32BE()), openid });
  return { method: 'POST' as const, path: `/api/wechat/${slug}?${query}`, body, headers: { 'content-type': 'text/xml' } };
}

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function load(label: string, port: number, makeRequest: () => { method: 'POST'; path: string; body: string; headers: Record<string, string> }, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...makeRequest() }) }],
  });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

async function main(): Promise<void> {
  const account = demoAccounts.find((a) => a.slug === 'zhongshan-youth')!;
  const credentials: WebhookCredentials = {
    token: account.token,
    appId: account.appId,
    originalId: account.originalId,
    mode: account.messageMode,
    encodingAesKeys: [account.encodingAesKey],
  };
  const dbName = `wegov_bench_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  const url = withDatabase(ADMIN_URL, dbName);
  const children: ChildProcess[] = [];
  try {
    const handle = await openDb({ databaseUrl: url, max: 2 });
    await migrateDb(handle);
    await seedDemo(handle.db, { secretKey: 'bench-secret-key-0123456789' });
    await handle.close();

    say(`PostgreSQL database ${dbName}; ${CONNECTIONS} connections, ${SECONDS} s per run, distinct signed text messages`);
    const baseline = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'bench/baseline-server.ts'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_TOKEN: credentials.token, BENCH_PORT: String(BASELINE_PORT), NODE_ENV: 'production' },
    });
    children.push(baseline);
    const app = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(APP_PORT),
        HOST: '127.0.0.1',
        NEXTAUTH_SECRET: 'bench-secret-key-0123456789',
        WEGOV_DEMO: '1',
        WEGOV_SIMULATOR: '0',
        LOG_LEVEL: 'warn',
      },
    });
    children.push(app);
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/`, baseline);
    await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, app);

    const appRequest = () => signedTextRequest(credentials, 'zhongshan-youth');
    const baselineRequest = () => signedTextRequest(credentials, 'baseline');
    say('warming up…');
    await load('warm-up', BASELINE_PORT, baselineRequest, 3);
    await load('warm-up', APP_PORT, appRequest, 5);
    const base = await load('baseline (node:http, signature + parse + 1 insert)', BASELINE_PORT, baselineRequest, SECONDS);
    const ours = await load('WeGov webhook (npm start, full ingest + passive reply)', APP_PORT, appRequest, SECONDS);

    const ratio = ours.rps / base.rps;
    const rows = [base, ours].map((f) => `| ${f.label} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.non2xx} | ${f.errors} | ${f.total} |`);
    say('');
    say('| run | req/s | p50 ms | p99 ms | non-2xx | errors | requests |');
    say('|---|---|---|---|---|---|---|');
    for (const row of rows) say(row);
    say('');
    say(`throughput ratio WeGov / baseline: ${ratio.toFixed(2)} (target ≥ 0.50) ${ratio >= 0.5 ? 'MET' : 'MISSED'}`);
    say(`WeGov p99: ${ours.p99} ms (target < 50 ms) ${ours.p99 < 50 ? 'MET' : 'MISSED'}`);
    say(`WeGov non-2xx: ${ours.non2xx + ours.errors} (target 0) ${ours.non2xx + ours.errors === 0 ? 'MET' : 'MISSED'}`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(`bench/results/webhook-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, JSON.stringify({ base, ours, ratio, connections: CONNECTIONS, seconds: SECONDS }, null, 2));
  } finally {
    // Let the servers finish what autocannon left in flight before the database goes away.
    await Promise.all(children.map((child) => stopAndWait(child)));
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
