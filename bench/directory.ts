import { randomBytes } from 'node:crypto';
import * as OpenCC from 'opencc-js/cn2t';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDb, type Db } from '../db/client';
import { migrateDb } from '../db/migrate';
import { demoRegions } from '../db/demo/regions';
import { accounts, autoReplyRules, regions } from '../db/schema';
import { loadDirectoryPage } from '../lib/directory/directory-page';
import { fullPinyin, pinyinInitials, searchExtraFor } from '../lib/directory/normalize';
import { searchAccounts } from '../lib/directory/search-accounts';
import { searchByNeed } from '../lib/directory/search-needs';

/**
 * `npm run bench:directory`: directory search at 10,000 accounts and 100,000 events on
 * PostgreSQL. Creates its own database on BENCH_PG_URL and drops it afterwards. For each query
 * kind it prints p50/p95 of `searchAccounts` (what /api/v1/accounts runs) with the trigram
 * index, the same queries with index scans disabled (a plain LIKE scan) and their ratio, then
 * EXPLAIN ANALYZE of an indexed search and the directory page's data loading time.
 *
 * Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_ACCOUNTS (10000),
 * BENCH_EVENTS (100000), BENCH_RUNS (200 per kind).
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
// BENCH_KEEP=1 keeps the database for poking at plans.
const say = (line: string) => process.stdout.write(`${line}\n`);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// Deterministic pseudo-random numbers, so every run searches the same things.
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const PLACE_CHARS = '岐榄沙湾石桥龙凤江海山湖坪塘埔田洲溪城港头源林平安和新东西南北华阳春秀云';
const TOPICS: Array<{ topic: string; category: (typeof accounts.category.enumValues)[number]; keywords: string[] }> = [
  { topic: '青年', category: 'youth', keywords: ['志愿', '活动', '报名'] },
  { topic: '公安', category: 'police', keywords: ['身份证', '户口', '报警'] },
  { topic: '天气', category: 'weather', keywords: ['台风', '预警', '暴雨'] },
  { topic: '应急', category: 'emergency', keywords: ['避难', '地震', '防汛'] },
  { topic: '交通', category: 'transport', keywords: ['公交', '路况', '停车'] },
  { topic: '发布', category: 'government', keywords: ['政策', '通知', '办事'] },
  { topic: '健康', category: 'health', keywords: ['挂号', '疫苗', '体检'] },
  { topic: '教育', category: 'education', keywords: ['招生', '学位', '入学'] },
  { topic: '文旅', category: 'culture', keywords: ['展览', '图书馆', '演出'] },
  { topic: '人社', category: 'social_security', keywords: ['社保', '养老', '失业'] },
];
const EVENT_TITLES = ['志愿服务', '清洁行动', '防诈骗讲座', '开放日', '义诊', '读书会', '亲子活动', '长者探访', '应急演练', '招聘会'];

async function seedBench(db: Db): Promise<Array<{ name: string; wechatId: string }>> {
  await db.insert(regions).values(demoRegions).onConflictDoNothing();
  const regionCodes = demoRegions.filter((r) => r.level !== 'province').map((r) => r.code);
  const names = new Set<string>();
  const rows: Array<typeof accounts.$inferInsert> = [];
  while (rows.length < ACCOUNTS) {
    const t = pick(TOPICS);
    const place = pick([...PLACE_CHARS]) + pick([...PLACE_CHARS]) + (rand() < 0.3 ? pick([...PLACE_CHARS]) : '');
    const name = rand() < 0.15 ? `平安${place}` : `${place}${t.topic}`;
    if (names.has(name)) continue;
    names.add(name);
    const i = rows.length;
    rows.push({
      slug: `bench-${i}`,
      name,
      wechatId: `${pinyinInitials(name)}${i}`,
      originalId: `gh_bench${String(i).padStart(6, '0')}`,
      type: rand() < 0.5 ? 'subscription' : 'service',
      category: name.startsWith('平安') ? 'police' : t.category,
      regionCode: pick(regionCodes),
      department: `${place}${t.topic}办公室`,
      description: `${place}的${t.topic}服务公众号。`,
      verified: rand() < 0.9,
      followerCount: Math.floor(rand() * 1_000_000),
      searchExtra: searchExtraFor(name),
    });
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(accounts).values(rows.slice(i, i + 1000));
  const ids = await db.select({ id: accounts.id, category: accounts.category }).from(accounts);
  const rules: Array<typeof autoReplyRules.$inferInsert> = [];
  for (const a of ids) {
    const t = TOPICS.find((x) => x.category === a.category) ?? TOPICS[0]!;
    for (const keyword of t.keywords) rules.push({ accountId: a.id, kind: 'keyword', matchType: 'exact', pattern: keyword, reply: { type: 'text', content: `关于${keyword}的说明。` } });
  }
  for (let i = 0; i < rules.length; i += 2000) await db.insert(autoReplyRules).values(rules.slice(i, i + 2000));
  const titles = `array[${EVENT_TITLES.map((t) => `'${t}'`).join(',')}]`;
  await db.execute(
    sql.raw(`
      with ids as (select array_agg(id order by slug) as arr from accounts)
      insert into events (account_id, title, body, place_name, starts_at, ends_at, capacity, status, interest_tags)
      select ids.arr[1 + (g % ${ACCOUNTS})], (${titles})[1 + (g % 10)] || ' 第' || g || '期', '活动说明', '社区服务中心',
             now() + ((g % 180) - 30) * interval '1 day' + (g % 24) * interval '1 hour',
             now() + ((g % 180) - 30) * interval '1 day' + (g % 24) * interval '1 hour' + interval '2 hours',
             20 + g % 100, case when g % 10 = 0 then 'draft'::event_status else 'published'::event_status end,
             array[(${titles})[1 + (g % 10)]]
      from ids, generate_series(1, ${EVENTS}) g`),
  );
  await db.execute(sql`analyze`);
  return rows.map((r) => ({ name: r.name, wechatId: r.wechatId! }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(runs: number, queries: string[], fn: (q: string) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (const q of queries.slice(0, 10)) await fn(q); // warm caches and plans
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(queries[i % queries.length]!);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<void> {
  const name = `wegov_bench_dir_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = withDatabase(ADMIN_URL, name);
  const handle = await openDb({ databaseUrl: url, max: 4 });
  // A second, single-connection handle with index scans off: the plain LIKE scan baseline.
  const scanHandle = await openDb({ databaseUrl: url, max: 1 });
  try {
    say(`Seeding ${ACCOUNTS} accounts and ${EVENTS} events into ${name}…`);
    const started = performance.now();
    await migrateDb(handle);
    const sample = await seedBench(handle.db);
    say(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await scanHandle.db.execute(sql`set enable_bitmapscan = off`);
    await scanHandle.db.execute(sql`set enable_indexscan = off`);

    const some = Array.from({ length: 50 }, () => pick(sample));
    const kinds: Record<string, string[]> = {
      name: some.map((a) => a.name),
      traditional: some.map((a) => toTraditional(a.name)),
      pinyin: some.map((a) => fullPinyin(a.name)),
      initials: some.map((a) => pinyinInitials(a.name)),
      'wechat id': some.map((a) => a.wechatId),
      partial: some.map((a) => [...a.name].slice(0, 2).join('')),
    };
    const needs = ['身份证丢了', '周末志愿活动', '台风', '社保怎么交', '疫苗预约'];

    say('');
    say(`kind          indexed p50   p95    | LIKE scan p50   p95    | p95 ratio (scan / indexed)`);
    for (const [kind, queries] of Object.entries(kinds)) {
      const indexed = await time(RUNS, queries, (q) => searchAccounts({ db: handle.db, q, limit: 20 }));
      const scan = await time(Math.min(RUNS, 100), queries, (q) => searchAccounts({ db: scanHandle.db, q, limit: 20 }));
      say(
        `${kind.padEnd(13)} ${indexed.p50.toFixed(2).padStart(8)} ${indexed.p95.toFixed(2).padStart(6)} ms | ${scan.p50.toFixed(2).padStart(10)} ${scan.p95.toFixed(2).padStart(6)} ms | ${(scan.p95 / indexed.p95).toFixed(1)}×`,
      );
    }
    const need = await time(RUNS, needs, (q) => searchByNeed({ db: handle.db, q }));
    say(`${'need'.padEnd(13)} ${need.p50.toFixed(2).padStart(8)} ${need.p95.toFixed(2).padStart(6)} ms | (keyword/menu/event match; no index variant)`);

    const page = await time(Math.min(RUNS, 100), ['', '中山', 'zsqn', '身份证丢了'], (q) => loadDirectoryPage({ db: handle.db, q: q || undefined }));
    say(`directory page data (search + needs + look-alikes + regions): p50 ${page.p50.toFixed(2)} ms, p95 ${page.p95.toFixed(2)} ms`);

    const explained = await searchAccounts({ db: handle.db, q: kinds.pinyin![0]!, limit: 20, explain: true });
    say('');
    say(`EXPLAIN ANALYZE for q=${kinds.pinyin![0]}:`);
    for (const line of explained.explain ?? []) say(`  ${line}`);
  } finally {
    await scanHandle.close();
    await handle.close();
    if (process.env.BENCH_KEEP === '1') say(`kept database ${name}`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:directory failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
