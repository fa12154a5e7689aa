/*
 * What the baseline and the peer of `npm run bench:webhook` store: the same table shape, the same
 * dedup key, the same pool size, so the two differ only in how they read the push.
 */

/** postgres.js pool size of both the baseline and the peer. */
export const BENCH_POOL_SIZE = 10;

/** One row per push, stored once: a re-delivery collides on dedup_key (`on conflict do nothing`). */
export function benchTableDdl(table: 'bench_baseline_messages' | 'bench_peer_messages'): string {
  return `create table if not exists ${table} (id bigint generated always as identity primary key, dedup_key text not null unique, from_user text not null, content text, created_at timestamptz not null default now())`;
}

/**
 * `m:<MsgId>` for a message; for an event with a MsgID (TEMPLATESENDJOBFINISH and the other
 * job-finish events) `e:<Event>:<MsgID>`, so a storm of distinct job results is stored one row
 * each; other events by sender, time and name, as WeChat's docs suggest.
 */
export function benchDedupKey(fields: Record<string, unknown>): string {
  const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  if (field('MsgType') !== 'event') return `m:${field('MsgId')}`;
  const id = field('MsgID') || field('MsgId');
  if (id !== '') return `e:${field('Event')}:${id}`;
  return `e:${field('FromUserName')}:${field('CreateTime')}:${field('Event')}`;
}
