import { randomBytes } from 'node:crypto';
import * as OpenCC from 'opencc-js/cn2t';
import postgres from 'postgres';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { openDb, type Db } from '../db/client';
import { migrateDb } from '../db/migrate';
import { rowsOf } from '../db/rows';
import { demoRegions } from '../db/demo/regions';
import { accounts, regions } from '../db/schema';
import { loadDirectoryPage } from '../lib/directory/directory-page';
import { escapeLike, fullPinyin, normalizeQuery, pinyinInitials } from '../lib/directory/normalize';
import { publicAccountColumns } from '../lib/directory/public-account';
import { searchAccounts } from '../lib/directory/search-accounts';
import { searchByNeed } from '../lib/directory/search-needs';

/**
 * `npm run bench:directory`: directory search on PostgreSQL at two sizes in one run — 10,000
 * accounts, then the same directory grown to 200,000 (China has about that many government
 * new-media accounts) — each with 100,000 events, 3 keyword rules per account and a menu on
 * half of them. Creates its own database on BENCH_PG_URL and drops it afterwards.
 *
 * At each size, for each query kind: p50/p95 of `searchAccounts` (what /api/v1/accounts and the
 * directory page run) against its peer measured in the same run, a plain LIKE scan (the
 * single "match every term, sort by rank" query this search replaced, index scans off); then
 * "what do I need" (`searchByNeed`) and the directory page's data (`loadDirectoryPage`), each
 * against one sequential scan of the accounts table, the least any unindexed answer reads.
 * Ends with EXPLAIN (ANALYZE, BUFFERS) of a common two-character search and of a need at the
 * larger size.
 *
 * Data is generated in SQL (generate_series), pinyin composed from per-character readings.
 * Each size is VACUUM ANALYZEd after loading, as autovacuum would: a GIN pending list of
 * several MB left by a bulk load adds ~15 ms to every trigram lookup until then.
 *
 * Env: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), BENCH_SIZES
 * (default 10000,200000), BENCH_EVENTS (100000), BENCH_RUNS (200 per kind), BENCH_KEEP=1
 * keeps the database for poking at plans.
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_SIZES ?? '10000,200000').split(',').map(Number);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const say = (line: string) => process.stdout.write(`${line}\n`);
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const PLACE_CHARS = [...'岐榄沙湾石桥龙凤江海山湖坪塘埔田洲溪城港头源林平安和新东西南北华阳春秀云'];
const TOPICS: Array<{ topic: string; category: (typeof accounts.category.enumValues)[number]; keywords: string[]; menu: string[] }> = [
  { topic: '青年', category: 'youth', keywords: ['志愿', '活动', '报名'], menu: ['志愿活动', '我要报名', '青年之家'] },
  { topic: '公安', category: 'police', keywords: ['身份证', '户口', '报警'], menu: ['办事指南', '网上报警', '出入境'] },
  { topic: '天气', category: 'weather', keywords: ['台风', '预警', '暴雨'], menu: ['天气预报', '台风路径', '预警信息'] },
  { topic: '应急', category: 'emergency', keywords: ['避难', '地震', '防汛'], menu: ['避难场所', '应急知识', '防汛动态'] },
  { topic: '交通', category: 'transport', keywords: ['公交', '路况', '停车'], menu: ['实时路况', '公交查询', '停车缴费'] },
  { topic: '发布', category: 'government', keywords: ['政策', '通知', '办事'], menu: ['政务公开', '办事服务', '政策解读'] },
  { topic: '健康', category: 'health', keywords: ['挂号', '疫苗', '体检'], menu: ['预约挂号', '疫苗接种', '健康科普'] },
  { topic: '教育', category: 'education', keywords: ['招生', '学位', '入学'], menu: ['招生入学', '学位查询', '教育资讯'] },
  { topic: '文旅', category: 'culture', keywords: ['展览', '图书馆', '演出'], menu: ['展览预约', '图书馆', '演出信息'] },
  { topic: '人社', category: 'social_security', keywords: ['社保', '养老', '失业'], menu: ['社保查询', '养老保险', '就业服务'] },
];
const EVENT_TITLES = ['志愿服务', '清洁行动', '防诈骗讲座', '开放日', '义诊', '读书会', '亲子活动', '长者探访', '应急演练', '招聘会'];
const NEEDS = ['身份证丢了', '周末志愿活动', '台风', '社保怎么交', '疫苗预约'];
const PAGES = ['', '中山', 'zsqn', '身份证丢了'];

const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
const textArray = (values: string[]) => `(array[${values.map(lit).join(",")}]::text[])`;

/** Accounts numbered from+1…to, with their keyword rules; pseudo-random but the same every run. */
async function addAccounts(db: Db, from: number, to: number): Promise<void> {
  const chars = textArray(PLACE_CHARS);
  const charPinyin = textArray(PLACE_CHARS.map((c) => fullPinyin(c)));
  const charInitials = textArray(PLACE_CHARS.map((c) => pinyinInitials(c)));
  const topics = TOPICS.map(
    (t, i) =>
      `(${i}, ${lit(t.topic)}, ${lit(t.category)}::account_category, ${lit(fullPinyin(t.topic))}, ${lit(pinyinInitials(t.topic))}, ${textArray(t.keywords)}, ${lit(
        JSON.stringify({ button: [{ type: 'click', name: t.menu[0], key: 'A' }, { type: 'click', name: t.menu[1], key: 'B' }, { name: '更多', sub_button: [{ type: 'view', name: t.menu[2], url: 'https://example.cn/' }] }] }),
      )}::jsonb)`,
  );
  const regionCodes = textArray(demoRegions.filter((r) => r.level !== 'province').map((r) => r.code));
  // r(g, k): the k-th pseudo-random number in [0, 1) for account g.
  await db.execute(
    sql.raw(`
    with topics(i, topic, category, py, ini, keywords, menu) as (values ${topics.join(', ')}),
    picks as (
      select g,
        (abs(hashint4(g * 8 + 1)) % ${PLACE_CHARS.length}) + 1 as c1, (abs(hashint4(g * 8 + 2)) % ${PLACE_CHARS.length}) + 1 as c2,
        case when abs(hashint4(g * 8 + 3)) % 10 < 3 then (abs(hashint4(g * 8 + 4)) % ${PLACE_CHARS.length}) + 1 end as c3,
        abs(hashint4(g * 8 + 5)) % 100 < 15 as pingan, abs(hashint4(g * 8 + 6)) % ${TOPICS.length} as t,
        abs(hashint4(g * 8 + 7)) as h
      from generate_series(${from + 1}, ${to}) g
    ),
    named as (
      select p.g, p.h, tp.category as topic_category, tp.keywords, tp.menu, p.pingan,
        ${chars}[p.c1] || ${chars}[p.c2] || coalesce(${chars}[p.c3], '') as place,
        ${charPinyin}[p.c1] || ${charPinyin}[p.c2] || coalesce(${charPinyin}[p.c3], '') as place_py,
        ${charInitials}[p.c1] || ${charInitials}[p.c2] || coalesce(${charInitials}[p.c3], '') as place_ini,
        tp.topic, tp.py as topic_py, tp.ini as topic_ini
      from picks p join topics tp on tp.i = p.t
    ),
    rows as (
      select g, h, keywords, menu, place, topic,
        case when pingan then '平安' || place else place || topic end as name,
        case when pingan then 'pingan' || place_py else place_py || topic_py end as py,
        case when pingan then 'pa' || place_ini else place_ini || topic_ini end as ini,
        case when pingan then 'police'::account_category else topic_category end as category
      from named
    ),
    added as (
      insert into accounts (slug, name, wechat_id, original_id, type, category, region_code, department, description, verified, follower_count, search_extra, menu)
      select 'bench-' || g, name, ini || g, 'gh_bench' || lpad(g::text, 7, '0'),
        case when h % 2 = 0 then 'subscription'::account_type else 'service'::account_type end, category,
        ${regionCodes}[1 + (h / 7) % ${demoRegions.length - 1}], place || topic || '办公室', place || '的' || topic || '服务公众号。',
        (h / 11) % 10 < 9, (h / 13) % 1000000, py || ' ' || ini,
        case when (h / 17) % 2 = 0 then menu end
      from rows
      returning id, category
    )
    insert into auto_reply_rules (account_id, kind, match_type, pattern, reply)
    select added.id, 'keyword', 'exact', k, jsonb_build_object('type', 'text', 'content', '关于' || k || '的说明。')
    from added join topics on topics.category = added.category, unnest(topics.keywords) k`),
  );
}

/** EVENTS events spread over all accounts (replacing the previous ones). */
async function spreadEvents(db: Db, size: number): Promise<void> {
  const titles = textArray(EVENT_TITLES);
  await db.execute(sql`truncate events cascade`);
  await db.execute(
    sql.raw(`
      insert into events (account_id, title, body, place_name, starts_at, ends_at, capacity, status, interest_tags)
      select a.id, ${titles}[1 + (g % 10)] || ' 第' || g || '期', '活动说明', '社区服务中心',
             now() + ((g % 180) - 30) * interval '1 day' + (g % 24) * interval '1 hour',
             now() + ((g % 180) - 30) * interval '1 day' + (g % 24) * interval '1 hour' + interval '2 hours',
             20 + g % 100, case when g % 10 = 0 then 'draft'::event_status else 'published'::event_status end,
             array[${titles}[1 + (g % 10)]]
      from generate_series(1, ${EVENTS}) g join accounts a on a.slug = 'bench-' || (1 + (g * 7919) % ${size})`),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Timing {
  p50: number;
  p95: number;
}

async function time(runs: number, queries: string[], fn: (q: string) => Promise<unknown>): Promise<Timing> {
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

/**
 * The peer: what search was before it had an index per rank — every term `LIKE '%term%'` on
 * `search_text`, sorted by rank — run on a connection with index scans off (a plain scan).
 */
async function likeScan(db: Db, raw: string): Promise<unknown> {
  const q = normalizeQuery(raw);
  const terms = q.split(' ').filter(Boolean);
  const e = escapeLike(q);
  const rank: SQL = sql`(case when lower(${accounts.name}) = ${q} or lower(coalesce(${accounts.wechatId}, '')) = ${q} then 0
    when lower(${accounts.name}) like ${`${e}%`} or ${accounts.searchExtra} like ${`${e}%`} then 1
    when lower(${accounts.name}) like ${`%${e}%`} then 2 else 3 end)`;
  return db
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(sql`${accounts.disabledAt} is null`, ...terms.map((t) => sql`${accounts.searchText} like ${`%${escapeLike(t)}%`}`)))
    .orderBy(rank, sql`(case when ${accounts.verified} and not ${accounts.flaggedImpostor} then 0 else 1 end)`, sql`(-${accounts.followerCount})`, accounts.slug)
    .limit(21);
}

/** One sequential scan of the accounts table: the least an answer without indexes reads. */
const fullScan = (db: Db, q: string) => db.execute(sql`select count(*) from ${accounts} where ${accounts.searchText} like ${`%${escapeLike(normalizeQuery(q))}%`}`);

interface Row {
  label: string;
  ours: Timing;
  peer: Timing;
}

async function measure(db: Db, scanDb: Db, size: number): Promise<Row[]> {
  // 50 accounts spread over the whole directory, the same ones every run.
  const slugs = Array.from({ length: 50 }, (_, i) => `bench-${1 + ((i * 104_729 + 17) % size)}`);
  const sample = rowsOf<{ name: string; wechat_id: string; search_extra: string }>(
    await db.execute(sql`select name, wechat_id, search_extra from ${accounts} where ${accounts.slug} in ${slugs}`),
  );
  const kinds: Record<string, string[]> = {
    name: sample.map((a) => a.name),
    traditional: sample.map((a) => toTraditional(a.name)),
    pinyin: sample.map((a) => a.search_extra.split(' ')[0]!),
    initials: sample.map((a) => a.search_extra.split(' ').at(-1)!),
    'wechat id': sample.map((a) => a.wechat_id),
    partial: sample.map((a) => [...a.name].slice(0, 2).join('')),
  };
  const rows: Row[] = [];
  for (const [kind, queries] of Object.entries(kinds)) {
    const ours = await time(RUNS, queries, (q) => searchAccounts({ db, q, limit: 20 }));
    const peer = await time(Math.min(RUNS, 100), queries, (q) => likeScan(scanDb, q));
    rows.push({ label: kind, ours, peer });
  }
  const needScan = await time(Math.min(RUNS, 50), NEEDS, (q) => fullScan(scanDb, q));
  rows.push({ label: 'need', ours: await time(RUNS, NEEDS, (q) => searchByNeed({ db, q })), peer: needScan });
  const page = await time(Math.min(RUNS, 100), PAGES, (q) => loadDirectoryPage({ db, q: q || undefined }));
  rows.push({ label: 'page data', ours: page, peer: await time(Math.min(RUNS, 50), PAGES, (q) => fullScan(scanDb, q)) });
  // A page for a full name, which usually lists an unofficial namesake or two and so runs the
  // look-alike checks (lib/directory/lookalike.ts) the page mix above never reaches.
  const byName = await time(Math.min(RUNS, 100), kinds.name!, (q) => loadDirectoryPage({ db, q }));
  rows.push({ label: 'page: name', ours: byName, peer: await time(Math.min(RUNS, 50), kinds.name!, (q) => fullScan(scanDb, q)) });
  return rows;
}

async function main(): Promise<void> {
  const name = `wegov_bench_dir_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = withDatabase(ADMIN_URL, name);
  const handle = await openDb({ databaseUrl: url, max: 4 });
  // A second, single-connection handle with index scans off: the plain scan peers.
  const scanHandle = await openDb({ databaseUrl: url, max: 1 });
  const started = performance.now();
  try {
    await migrateDb(handle);
    await handle.db.insert(regions).values(demoRegions).onConflictDoNothing();
    await scanHandle.db.execute(sql`set enable_bitmapscan = off`);
    await scanHandle.db.execute(sql`set enable_indexscan = off`);
    await scanHandle.db.execute(sql`set jit = off`);
    const results: Array<{ size: number; rows: Row[] }> = [];
    let size = 0;
    for (const target of SIZES) {
      const loading = performance.now();
      await addAccounts(handle.db, size, target);
      size = target;
      await spreadEvents(handle.db, size);
      await handle.db.execute(sql`vacuum analyze`);
      say(`${size.toLocaleString('en-US')} accounts, ${EVENTS.toLocaleString('en-US')} events in ${name}: loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
      results.push({ size, rows: await measure(handle.db, scanHandle.db, size) });
    }

    say('');
    say('p95 in ms; peer = plain scan (kinds: the old LIKE-and-sort query with index scans off; need and page: one sequential scan of accounts)');
    const head = results.map((r) => `${r.size.toLocaleString('en-US')} accounts`.padStart(37)).join(' |');
    say(`${'kind'.padEnd(11)}|${head}`);
    say(`${''.padEnd(11)}|${results.map(() => `${'p50'.padStart(8)}${'p95'.padStart(8)}${'peer p95'.padStart(10)}${'peer/ours'.padStart(11)}`).join(' |')}`);
    for (let i = 0; i < results[0]!.rows.length; i++) {
      const cells = results.map(({ rows }) => {
        const row = rows[i]!;
        return `${row.ours.p50.toFixed(2).padStart(8)}${row.ours.p95.toFixed(2).padStart(8)}${row.peer.p95.toFixed(2).padStart(10)}${`${(row.peer.p95 / row.ours.p95).toFixed(1)}×`.padStart(11)}`;
      });
      say(`${results[0]!.rows[i]!.label.padEnd(11)}|${cells.join(' |')}`);
    }

    // The plans, without the parts that never ran: a common two-character search and a need.
    const show = (lines: string[]) => {
      const total = lines.find((line) => /^\s*Buffers/.test(line));
      for (const line of lines) {
        if ((/Scan|Loop|Join/.test(line) && !/CTE Scan|Subquery Scan|never executed/.test(line)) || /Planning Time|Execution Time/.test(line)) say(`  ${line}`);
      }
      if (total) say(`  statement total:${total.replace(/^\s*Buffers:/, '')}`);
    };
    const explained = await searchAccounts({ db: handle.db, q: '平安', limit: 20, explain: true });
    say('');
    say(`EXPLAIN (ANALYZE, BUFFERS) at ${size.toLocaleString('en-US')} accounts, q=平安 (26,000 names start with it):`);
    show(explained.explain ?? []);
    const needPlan: string[] = [];
    await searchByNeed({ db: handle.db, q: '疫苗预约', explain: needPlan });
    say('');
    say('EXPLAIN (ANALYZE, BUFFERS) of the need search for 疫苗预约 (keyword, menu and category parts):');
    show(needPlan);
    say('');
    say(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
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
