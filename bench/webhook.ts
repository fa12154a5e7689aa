import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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
 * `npm run bench:webhook`: throughput and latency of POST /api/wechat/{slug} (`npm start`,
 * production mode, PostgreSQL) against two servers measured in the same run, each its own
 * process, all three up the whole time:
 * - baseline (bench/baseline-server.ts): bare node:http doing the minimum — signature, parse,
 *   one store-once insert — and answering `success`;
 * - peer (bench/peer-wechat-server.ts): the node-webot `wechat` 2.1.0 middleware on node:http,
 *   the same insert, a passive text reply — what a Node developer would pick instead.
 * Runs are interleaved (baseline, peer, WeGov, baseline, …) so the three share the machine's
 * drifts; the ratios are taken pair by pair within a round, then the median over rounds.
 *
 * Scenarios: default, distinct correctly signed text messages from a crowd of 1,000 followers;
 * `--events` (`npm run bench:webhook -- --events`), a storm of distinct TEMPLATESENDJOBFINISH
 * events (distinct MsgID per push, Status success) from the same crowd, each answered
 * `success` (checked: any other body counts as a wrong answer).
 *
 * Targets: WeGov ≥ 0.95× the baseline's throughput and ≥ 1.0× the peer's; WeGov p99 ≤ 1.5× the
 * baseline's p99; zero non-2xx (nor errors, timeouts, wrong answers).
 *
 * Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SECONDS (10 per
 * run), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50). The benchmark makes its own database and drops
 * it at the end, also on failure and on Ctrl-C. Results: bench/results/webhook-*.json.
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CROWD = 1000;
const SCENARIO: 'text' | 'events' = process.argv.includes('--events') ? 'events' : 'text';
const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
const say = (line: string) => process.stdout.write(`${line}\n`);

const TARGETS = { vsBaseline: 0.95, vsPeer: 1.0, p99VsBaseline: 1.5 };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Ports nobody listens on, chosen by the OS (all held open until all are chosen, so they
 * differ). Fixed ports would let a second benchmark on the same machine measure the first one's
 * servers: its waitFor would see them up.
 */
async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const probe = net.createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => resolve(probe));
    })),
  );
  const ports = probes.map((probe) => (probe.address() as net.AddressInfo).port);
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
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

interface BenchRequest {
  method: 'POST';
  path: string;
  body: string;
  headers: Record<string, string>;
}

let sequence = BigInt(Date.now()) * 1_000_000n;
/** A distinct push from the next follower of the crowd, signed as WeChat signs a plaintext push. */
function signedPush(credentials: WebhookCredentials, slug: string): BenchRequest {
  sequence += 1n;
  const openid = `oBench${(sequence % BigInt(CROWD)).toString().padStart(4, '0')}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const common = { ToUserName: credentials.originalId!, FromUserName: openid, CreateTime: Number(timestamp) };
  const xml =
    SCENARIO === 'events'
      ? renderInboundXml({ ...common, MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: sequence.toString(), Status: 'success' })
      : renderInboundXml({ ...common, MsgType: 'text', Content: '请问周末有什么志愿活动？', MsgId: sequence.toString() });
  const { query, body } = composeInboundRequest({ credentials, xml, encrypt: false, timestamp, nonce: String(randomBytes(4).readUInt32BE()), openid });
  return { method: 'POST', path: `/api/wechat/${slug}?${query}`, body, headers: { 'content-type': 'text/xml' } };
}

type ServerKey = 'baseline' | 'peer' | 'wegov';

interface Server {
  key: ServerKey;
  label: string;
  port: number;
  slug: string;
  warmUpSeconds: number;
}

interface Figures {
  server: ServerKey;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx with a body other than `success` (events scenario only). */
  wrongAnswers: number;
  ok2xx: number;
  total: number;
  statusCodes: Record<string, number>;
}

async function load(server: Server, round: number, makeRequest: () => BenchRequest, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...makeRequest() }) }],
    ...(SCENARIO === 'events' ? { verifyBody: (body: string | Buffer | undefined) => String(body) === 'success' } : {}),
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    server: server.key,
    round,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    wrongAnswers: result.mismatches,
    ok2xx: result['2xx'],
    total: result.requests.total,
    statusCodes,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const x = (n: number) => `${n.toFixed(2)}×`;
/** Non-2xx, then errors (of which timeouts), then wrong answers when the scenario checks them. */
function failures(f: Pick<Figures, 'non2xx' | 'errors' | 'timeouts' | 'wrongAnswers'>): string {
  const parts = [`${f.non2xx}`, `${f.errors} (${f.timeouts})`];
  if (SCENARIO === 'events') parts.push(`${f.wrongAnswers}`);
  return parts.join(' | ');
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  // Taken before WeGov builds: the tree it measures (others may commit while it runs).
  const revision = gitRevision();
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
  const children: ChildProcess[] = [];
  let bench: postgres.Sql | undefined;
  let created = false;

  // One cleanup for every way out: the end, a failure, Ctrl-C or a SIGTERM.
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await bench?.end({ timeout: 5 }).catch(() => {});
      // Let the servers finish what autocannon left in flight before the database goes away.
      await Promise.all(children.map((child) => stopAndWait(child)));
      if (created) await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await admin.end({ timeout: 5 }).catch(() => {});
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers and dropping ${dbName}…\n`);
      void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  try {
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    created = true;
    const url = withDatabase(ADMIN_URL, dbName);
    const handle = await openDb({ databaseUrl: url, max: 2 });
    await migrateDb(handle);
    await seedDemo(handle.db, { secretKey: 'bench-secret-key-0123456789' });
    await handle.close();

    const what = SCENARIO === 'events' ? 'distinct signed TEMPLATESENDJOBFINISH events' : 'distinct signed text messages';
    say(`${revision}: PostgreSQL database ${dbName}; ${what} from ${int(CROWD)} followers; ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} round(s) of baseline, peer, WeGov`);

    const [BASELINE_PORT, PEER_PORT, APP_PORT] = (await freePorts(3)) as [number, number, number];
    say('starting the servers (WeGov runs `next build` first if its sources changed)…');
    const childEnv = (port: number): NodeJS.ProcessEnv => ({ ...process.env, BENCH_DATABASE_URL: url, BENCH_TOKEN: credentials.token, BENCH_PORT: String(port), NODE_ENV: 'production' });
    const baselineChild = spawn(process.execPath, [TSX, 'bench/baseline-server.ts'], { detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: childEnv(BASELINE_PORT) });
    children.push(baselineChild);
    const peerChild = spawn(process.execPath, [TSX, 'bench/peer-wechat-server.ts'], { detached: true, stdio: ['ignore', 'ignore', 'inherit'], env: childEnv(PEER_PORT) });
    children.push(peerChild);
    const appChild = spawn(process.execPath, [TSX, 'scripts/start.ts'], {
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
    children.push(appChild);
    await waitFor(`http://127.0.0.1:${BASELINE_PORT}/`, baselineChild);
    await waitFor(`http://127.0.0.1:${PEER_PORT}/`, peerChild);
    // scripts/start.ts builds first when no production build of the current sources exists.
    await waitFor(`http://127.0.0.1:${APP_PORT}/api/health`, appChild, 600_000);

    const servers: Server[] = [
      { key: 'baseline', label: 'baseline (node:http, signature + parse + 1 insert)', port: BASELINE_PORT, slug: 'baseline', warmUpSeconds: 3 },
      { key: 'peer', label: 'peer (node-webot `wechat` 2.1.0 on node:http, 1 insert + passive reply)', port: PEER_PORT, slug: 'peer', warmUpSeconds: 3 },
      { key: 'wegov', label: 'WeGov webhook (npm start, full ingest + passive reply)', port: APP_PORT, slug: 'zhongshan-youth', warmUpSeconds: 5 },
    ];
    if (SCENARIO === 'events') {
      servers[1]!.label = 'peer (node-webot `wechat` 2.1.0 on node:http, 1 insert)';
      servers[2]!.label = 'WeGov webhook (npm start, full ingest)';
    }
    const requestFor = (server: Server) => () => signedPush(credentials, server.slug);

    // Stored rows against 2xx answers: every push is distinct, so each answered one is a row.
    bench = postgres(url, { max: 1, onnotice: () => {} });
    const countRows = async (): Promise<Record<ServerKey, number>> => {
      const [row] = await bench!<[{ baseline: number; peer: number; wegov: number }]>`
        select (select count(*) from bench_baseline_messages)::int as baseline,
               (select count(*) from bench_peer_messages)::int as peer,
               (select count(*) from messages where direction = 'inbound')::int as wegov`;
      return row!;
    };
    const rowsBefore = await countRows();
    const answered: Record<ServerKey, number> = { baseline: 0, peer: 0, wegov: 0 };

    say('warming up…');
    for (const server of servers) {
      const warm = await load(server, 0, requestFor(server), server.warmUpSeconds);
      answered[server.key] += warm.ok2xx;
    }

    // One run's leftovers (autovacuum of the table it filled) must not land in the next
    // server's run: before each run, wait up to 15 s for PostgreSQL's autovacuum in this database.
    let vacuumWaits = 0;
    const settle = async () => {
      await new Promise((r) => setTimeout(r, 1000));
      for (let waited = 0; waited < 15_000; waited += 250) {
        const [row] = await bench!<[{ n: number }]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'autovacuum worker'`;
        if (row!.n === 0) return;
        if (waited === 0) vacuumWaits += 1;
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    const runs: Figures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of servers) {
        await settle();
        const f = await load(server, round, requestFor(server), SECONDS);
        answered[server.key] += f.ok2xx;
        runs.push(f);
        say(`  round ${round} ${server.key.padEnd(8)} ${int(f.rps).padStart(6)} req/s  p50 ${ms(f.p50)} ms  p99 ${ms(f.p99)} ms  non-2xx ${f.non2xx}  errors ${f.errors} (timeouts ${f.timeouts})${SCENARIO === 'events' ? `  wrong answers ${f.wrongAnswers}` : ''}`);
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    const rowsAfter = await countRows();
    if (vacuumWaits > 0) say(`(waited for autovacuum before ${vacuumWaits} of ${ROUNDS * servers.length} runs)`);

    const of = (key: ServerKey) => runs.filter((f) => f.server === key);
    const inRound = (key: ServerKey, round: number) => runs.find((f) => f.server === key && f.round === round)!;
    const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);
    const ratios = rounds.map((round) => {
      const b = inRound('baseline', round);
      const p = inRound('peer', round);
      const w = inRound('wegov', round);
      return { round, vsBaseline: w.rps / b.rps, vsPeer: w.rps / p.rps, p99VsBaseline: w.p99 / b.p99 };
    });
    const medians = Object.fromEntries(
      servers.map((s) => {
        const fs = of(s.key);
        const sum = (pick: (f: Figures) => number) => fs.reduce((n, f) => n + pick(f), 0);
        return [
          s.key,
          {
            rps: median(fs.map((f) => f.rps)),
            p50: median(fs.map((f) => f.p50)),
            p99: median(fs.map((f) => f.p99)),
            non2xx: sum((f) => f.non2xx),
            errors: sum((f) => f.errors),
            timeouts: sum((f) => f.timeouts),
            wrongAnswers: sum((f) => f.wrongAnswers),
            stored: rowsAfter[s.key] - rowsBefore[s.key],
            answered: answered[s.key],
          },
        ];
      }),
    ) as Record<ServerKey, { rps: number; p50: number; p99: number; non2xx: number; errors: number; timeouts: number; wrongAnswers: number; stored: number; answered: number }>;
    const medianRatios = {
      vsBaseline: median(ratios.map((r) => r.vsBaseline)),
      vsPeer: median(ratios.map((r) => r.vsPeer)),
      p99VsBaseline: median(ratios.map((r) => r.p99VsBaseline)),
    };

    const failureHeads = SCENARIO === 'events' ? 'non-2xx | errors (timeouts) | not `success`' : 'non-2xx | errors (timeouts)';
    const failureRule = SCENARIO === 'events' ? '---|---|---' : '---|---';
    say('');
    say(`| round | server | req/s | p50 ms | p99 ms | ${failureHeads} | requests |`);
    say(`|---|---|---|---|---|${failureRule}|---|`);
    for (const f of runs) say(`| ${f.round} | ${f.server} | ${int(f.rps)} | ${ms(f.p50)} | ${ms(f.p99)} | ${failures(f)} | ${int(f.total)} |`);
    say('');
    say(`Median of ${ROUNDS} round(s). Failures: all rounds together. Stored: rows added over all runs incl. warm-up, against 2xx answers (a push in flight when a run stops is stored but not counted as answered).`);
    say('');
    say(`| server | req/s | p50 ms | p99 ms | ${failureHeads} | stored / answered |`);
    say(`|---|---|---|---|${failureRule}|---|`);
    for (const s of servers) {
      const m = medians[s.key];
      say(`| ${s.label} | ${int(m.rps)} | ${ms(m.p50)} | ${ms(m.p99)} | ${failures(m)} | ${int(m.stored)} / ${int(m.answered)} |`);
    }
    say('');
    say('| round | WeGov / baseline req/s | WeGov / peer req/s | WeGov p99 / baseline p99 |');
    say('|---|---|---|---|');
    for (const r of ratios) say(`| ${r.round} | ${x(r.vsBaseline)} | ${x(r.vsPeer)} | ${x(r.p99VsBaseline)} |`);
    say(`| median | ${x(medianRatios.vsBaseline)} | ${x(medianRatios.vsPeer)} | ${x(medianRatios.p99VsBaseline)} |`);
    say('');
    const w = medians.wegov;
    const wegovFailures = w.non2xx + w.errors + w.wrongAnswers;
    const targets = [
      { name: 'WeGov throughput / baseline', value: medianRatios.vsBaseline, target: `≥ ${TARGETS.vsBaseline.toFixed(2)}×`, met: medianRatios.vsBaseline >= TARGETS.vsBaseline },
      { name: 'WeGov throughput / peer', value: medianRatios.vsPeer, target: `≥ ${TARGETS.vsPeer.toFixed(2)}×`, met: medianRatios.vsPeer >= TARGETS.vsPeer },
      { name: 'WeGov p99 / baseline p99', value: medianRatios.p99VsBaseline, target: `≤ ${TARGETS.p99VsBaseline.toFixed(2)}×`, met: medianRatios.p99VsBaseline <= TARGETS.p99VsBaseline },
      { name: `WeGov non-2xx + errors${SCENARIO === 'events' ? ' + not `success`' : ''}`, value: wegovFailures, target: '0', met: wegovFailures === 0 },
    ];
    for (const t of targets) {
      const count = t.name.includes('non-2xx');
      say(`${t.name}: ${count ? String(t.value) : x(t.value)} (${count ? 'all rounds' : 'median of the rounds'}; target ${t.target}) ${t.met ? 'MET' : 'MISSED'}`);
    }
    for (const f of runs.filter((r) => r.non2xx > 0)) say(`  round ${f.round} ${f.server} status codes: ${JSON.stringify(f.statusCodes)}`);

    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/webhook-${SCENARIO}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(
      file,
      JSON.stringify({ scenario: SCENARIO, revision, date: new Date().toISOString(), connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, crowd: CROWD, vacuumWaits, runs, ratios, medians, medianRatios, targets }, null, 2),
    );
    say(`results: ${file}`);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
