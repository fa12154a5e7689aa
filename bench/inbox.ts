import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDb, type DbHandle } from '../db/client';
import { migrateDb } from '../db/migrate';
import { conversations } from '../db/schema';
import { conversationDetail } from '../lib/inbox/detail';
import { listConversations, searchMessages, type InboxFilter } from '../lib/inbox/list';
import { rowsOf } from '../lib/jobs/outbox';

/**
 * `npm run bench:inbox`: the inbox at scale on PostgreSQL, in its own database (dropped after).
 * Seeds 50 accounts, 200,000 followers, 250,000 conversations and 1,000,000 messages with
 * set-based generate_series SQL, then measures p50/p95 of the inbox list (first and deep
 * pages), a conversation page and message search through the real lib functions, prints their
 * EXPLAIN plans, and measures naive baselines in the same run: OFFSET pagination and an
 * unindexed ILIKE. Figures are printed, never asserted.
 *
 * Env: BENCH_PG_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test),
 * BENCH_RUNS (per measurement, default 200), BENCH_MESSAGES (default 1,000,000).
 */
const ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const ACCOUNTS = 50;
const FOLLOWERS = 200_000;
const CONVERSATIONS = Math.round(MESSAGES / 4);
const say = (line: string) => process.stdout.write(`${line}\n`);

const PHRASES = [
  '请问身份证丢了怎么补办', '户口迁移需要什么材料', '电动车被偷了怎么报案', '出入境证件预约办理', '居住证到期如何续签',
  '社保卡怎么激活', '小区门口道路积水严重', '噪音扰民晚上施工', '志愿活动怎么报名', '公交线路调整了吗',
  '台风天气学校停课吗', '预约挂号系统打不开', '新生儿落户流程', '驾驶证换证地点', '违章停车举报',
  '暴雨预警什么时候解除', '医保报销比例是多少', '老人证怎么办理', '营业执照年检', '疫苗接种预约时间',
];

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(i); // warm the cache and prepared plans
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const result = { p50: percentile(times, 50), p95: percentile(times, 95) };
  say(`  ${label.padEnd(52)} p50 ${result.p50.toFixed(2).padStart(8)} ms   p95 ${result.p95.toFixed(2).padStart(8)} ms   (${runs} runs)`);
  return result;
}

async function seed(handle: DbHandle): Promise<void> {
  const db = handle.db;
  const phrases = sql.raw(`array[${PHRASES.map((p) => `'${p}'`).join(',')}]`);
  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const started = performance.now();
    await db.execute(query);
    say(`  ${label.padEnd(40)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await step('settings', sql`set maintenance_work_mem = '512MB'`);
  // Built once after the bulk load: much faster than updating a GIN index row by row.
  await step('drop trigram index for the load', sql`drop index if exists messages_content_trgm_idx`);
  await step(`${ACCOUNTS} accounts`, sql`
    insert into accounts (slug, name, type, category, service_target_hours, verified)
    select 'bench-' || lpad(i::text, 2, '0'), '基准账号 ' || i, 'service', 'government', 24, true
    from generate_series(1, ${ACCOUNTS}) i`);
  await step('staff (member of 3 accounts)', sql`
    with u as (insert into users (email, name, password_hash) values ('bench@wegov.local', '基准客服', 'x') returning id)
    insert into memberships (user_id, account_id, role)
    select u.id, a.id, 'agent' from u, (select id from accounts order by slug limit 3) a`);
  await step(`${FOLLOWERS.toLocaleString()} followers`, sql`
    with acc as (select id, row_number() over (order by slug) - 1 as n from accounts)
    insert into followers (id, account_id, openid, subscribed, subscribed_at, last_inbound_at, last_interaction_at)
    overriding system value
    select i, acc.id, 'o' || md5(i::text), true, now() - interval '200 days', now() - (i % 2000) * interval '1 hour', now()
    from generate_series(1, ${FOLLOWERS}) i join acc on acc.n = i % ${ACCOUNTS}`);
  // Conversation i belongs to follower ((i-1) % F) + 1, so a follower's second thread is always
  // resolved (one unresolved thread per follower, as the partial unique index demands).
  await step(`${CONVERSATIONS.toLocaleString()} conversations`, sql`
    insert into conversations (id, account_id, follower_id, status, assignee_id, opened_at, last_message_at, last_inbound_at,
      first_response_at, resolved_at, due_at, unread_count, preview)
    overriding system value
    select i, f.account_id, f.id,
      (case when i > ${FOLLOWERS} or (i / ${ACCOUNTS}) % 20 < 12 then 'resolved' when (i / ${ACCOUNTS}) % 20 < 17 then 'pending' else 'open' end)::conversation_status,
      case when (i / ${ACCOUNTS}) % 3 = 0 then (select id from users limit 1) end,
      t - interval '2 hours', t, t - interval '1 hour',
      case when i % 5 <> 0 then t - interval '30 minutes' end,
      case when i > ${FOLLOWERS} or (i / ${ACCOUNTS}) % 20 < 12 then t end,
      t + interval '22 hours', case when (i / ${ACCOUNTS}) % 7 = 0 then 1 else 0 end,
      (${phrases})[1 + (i % ${PHRASES.length})]
    from generate_series(1, ${CONVERSATIONS}) i
    join followers f on f.id = ((i - 1) % ${FOLLOWERS}) + 1
    cross join lateral (select now() - (((i * 7919) % 90000) * interval '1 minute') as t) tt`);
  await step(`${MESSAGES.toLocaleString()} messages`, sql`
    insert into messages (id, account_id, follower_id, conversation_id, direction, dedup_key, msg_type, content, payload,
      delivery_state, created_at)
    overriding system value
    select i, c.account_id, c.follower_id, c.id,
      (case when i % 4 in (1, 3) then 'inbound' else 'outbound' end)::message_direction,
      case when i % 4 in (1, 3) then 'm:' || i end,
      'text',
      case when i % 4 in (1, 3) then (${phrases})[1 + ((i / 2 + i / 200) % ${PHRASES.length})] || '，编号' || (i % 997)
           else '您好，已收到您的咨询，编号' || (i % 997) || '，我们会尽快处理。' end,
      '{}'::jsonb,
      case when i % 4 in (1, 3) then null else 'sent' end::delivery_state,
      c.last_message_at - ((4 - (i % 4)) * interval '5 minutes')
    from generate_series(1, ${MESSAGES}) i
    join conversations c on c.id = ((i - 1) / 4) + 1`);
  await step('sequences', sql`
    select setval(pg_get_serial_sequence('followers', 'id'), ${FOLLOWERS}),
           setval(pg_get_serial_sequence('conversations', 'id'), ${CONVERSATIONS}),
           setval(pg_get_serial_sequence('messages', 'id'), ${MESSAGES})`);
  await step('trigram index on messages.content', sql`create index messages_content_trgm_idx on messages using gin (content gin_trgm_ops)`);
  await step('vacuum analyze', sql`vacuum analyze`);
}

async function explain(handle: DbHandle, label: string, query: ReturnType<typeof sql>): Promise<void> {
  const result = await handle.db.execute(sql`explain (analyze, buffers, costs off, timing on) ${query}`);
  say(`\n-- EXPLAIN ${label}`);
  for (const row of rowsOf<Record<string, string>>(result)) say(`   ${row['QUERY PLAN']}`);
}

async function main(): Promise<void> {
  const name = `wegov_bench_inbox_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  say(`WeGov inbox benchmark: ${MESSAGES.toLocaleString()} messages, ${CONVERSATIONS.toLocaleString()} conversations, ${FOLLOWERS.toLocaleString()} followers, ${ACCOUNTS} accounts`);
  say(`Database ${name} on ${new URL(ADMIN_URL).host} (dropped at the end)\n`);
  await admin.unsafe(`create database ${name}`);
  let handle: DbHandle | undefined;
  try {
    handle = await openDb({ databaseUrl: withDatabase(ADMIN_URL, name), max: 4 });
    await migrateDb(handle);
    const started = performance.now();
    say('Seeding (set-based SQL):');
    await seed(handle);
    say(`  total ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    if (process.env.BENCH_SEED_ONLY === '1') return;
    const db = handle.db;

    const [staff] = rowsOf<{ id: string }>(await db.execute(sql`select id from users limit 1`));
    const mine = rowsOf<{ id: string }>(await db.execute(sql`select account_id as id from memberships order by account_id`)).map((r) => r.id);
    const all = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts order by slug`)).map((r) => r.id);
    const active: InboxFilter = { scope: 'all', status: 'active' };

    // Cursors 50 pages deep, to show that keyset pagination does not slow down with depth.
    const deepCursors: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result = await listConversations({ db, accountIds: mine, staffId: staff!.id, filter: active, cursor, limit: 30 });
      cursor = result.nextCursor;
      if (!cursor) break;
      deepCursors.push(cursor);
    }
    const sampleConversations = rowsOf<{ id: number }>(await db.execute(sql`select id from conversations where id % 997 = 1 limit 200`)).map((r) => Number(r.id));
    const terms = ['身份证', '户口迁移', '电动车被偷', '台风天气', '社保卡怎么激活', '编号42', '没有人写过这句话'];

    say('Latency (lib functions over postgres.js, one connection at a time):');
    const results: Record<string, { p50: number; p95: number }> = {};
    results.list = await measure('inbox list, 3 accounts, first page', RUNS, () =>
      listConversations({ db, accountIds: mine, staffId: staff!.id, filter: active, limit: 30 }),
    );
    results.listDeep = await measure(`inbox list, 3 accounts, pages 2–${deepCursors.length + 1} (keyset)`, RUNS, (i) =>
      listConversations({ db, accountIds: mine, staffId: staff!.id, filter: active, cursor: deepCursors[i % deepCursors.length], limit: 30 }),
    );
    results.listAll = await measure('inbox list, all 50 accounts (platform admin)', RUNS, () =>
      listConversations({ db, accountIds: all, staffId: staff!.id, filter: active, limit: 30 }),
    );
    results.listMine = await measure('inbox list, "mine" + "open" filter', RUNS, () =>
      listConversations({ db, accountIds: mine, staffId: staff!.id, filter: { scope: 'mine', status: 'open' }, limit: 30 }),
    );
    results.conversation = await measure('conversation page (messages, tags, notes, window…)', RUNS, async (i) => {
      const id = sampleConversations[i % sampleConversations.length]!;
      const [c] = await db.select().from(conversations).where(sql`${conversations.id} = ${id}`);
      return conversationDetail({ db, conversation: c! });
    });
    results.search = await measure('message search (trigram index), 3 accounts', RUNS, (i) =>
      searchMessages({ db, accountIds: mine, q: terms[i % terms.length]! }),
    );
    results.searchAll = await measure('message search (trigram index), 50 accounts', Math.min(RUNS, 60), (i) =>
      searchMessages({ db, accountIds: all, q: terms[i % terms.length]! }),
    );

    say('\nNaive baselines, same data:');
    const ids = sql.join(mine.map((id) => sql`${id}::uuid`), sql`, `);
    const offsetDeep = deepCursors.length * 30;
    results.offset = await measure(`OFFSET pagination, page ${deepCursors.length + 1} (offset ${offsetDeep})`, RUNS, () =>
      db.execute(sql`select c.*, f.openid from conversations c join followers f on f.id = c.follower_id
        where c.account_id in (${ids}) and c.status <> 'resolved'
        order by c.last_message_at desc, c.id desc offset ${offsetDeep} limit 30`),
    );
    results.offsetAll = await measure('OFFSET pagination, 50 accounts, page 51', Math.min(RUNS, 60), () =>
      db.execute(sql`select c.*, f.openid from conversations c join followers f on f.id = c.follower_id
        where c.status <> 'resolved' order by c.last_message_at desc, c.id desc offset 1500 limit 30`),
    );
    results.ilike = await measure('unindexed ILIKE (content || \'\'), 3 accounts', Math.min(RUNS, 30), (i) =>
      db.execute(sql`select m.id from messages m where m.account_id in (${ids}) and (m.content || '') ilike ${`%${terms[i % terms.length]}%`}
        order by m.id desc limit 31`),
    );

    await explain(handle, 'inbox list (3 accounts, keyset, deep page)', sql`
      select c.id from unnest(array[${ids}]) as acc(id)
      cross join lateral (select * from conversations c where c.account_id = acc.id and c.status <> 'resolved'
        and (c.last_message_at, c.id) < (now() - interval '30 days', 9999999999::bigint)
        order by c.last_message_at desc nulls last, c.id desc nulls last limit 31) c
      order by c.last_message_at desc nulls last, c.id desc nulls last limit 31`);
    await explain(handle, 'conversation messages page', sql`
      select * from messages where conversation_id = ${sampleConversations[0]!} order by id desc limit 51`);
    await explain(handle, 'message search (as lib/inbox/list.ts runs it)', sql`
      with hits as materialized (
        select m.id from messages m where m.content ilike '%户口迁移%' and m.account_id in (${ids}) and m.conversation_id is not null)
      select id from hits order by id desc limit 31`);

    say('\nSummary (target: p95 < 50 ms for list and conversation)');
    say(`  list p95 ${results.list.p95.toFixed(1)} ms (deep ${results.listDeep.p95.toFixed(1)} ms; OFFSET baseline ${results.offset.p95.toFixed(1)} ms)`);
    say(`  conversation p95 ${results.conversation.p95.toFixed(1)} ms`);
    say(`  search p95 ${results.search.p95.toFixed(1)} ms (unindexed ILIKE baseline ${results.ilike.p95.toFixed(1)} ms)`);
  } finally {
    await handle?.close();
    if (process.env.BENCH_KEEP === '1') say(`(kept ${name} for inspection: BENCH_KEEP=1)`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:inbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
