import { createHmac } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rateLimits } from '../../db/schema';

/**
 * A fixed-window counter in PostgreSQL, so every app process shares it. One atomic upsert
 * both counts and reads, so concurrent attempts cannot slip past the limit.
 */
export async function hit(args: { db: Db; key: string; windowSeconds: number; now?: Date }): Promise<number> {
  const now = args.now ?? new Date();
  const windowStart = new Date(now.getTime() - args.windowSeconds * 1000).toISOString();
  const [row] = await args.db
    .insert(rateLimits)
    .values({ key: args.key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} < ${windowStart}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return row?.count ?? 1;
}

export async function peek(args: { db: Db; key: string; windowSeconds: number; now?: Date }): Promise<number> {
  const now = args.now ?? new Date();
  const windowStart = new Date(now.getTime() - args.windowSeconds * 1000);
  const rows = await args.db
    .select({ count: rateLimits.count, start: rateLimits.windowStartedAt })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${args.key}`)
    .limit(1);
  const row = rows[0];
  return row && row.start >= windowStart ? row.count : 0;
}

export async function clear(args: { db: Db; key: string }): Promise<void> {
  await args.db.delete(rateLimits).where(sql`${rateLimits.key} = ${args.key}`);
}

/**
 * A cool-down policy for one counter: `free` attempts, then each further one must wait
 * `baseSeconds`, doubling per attempt, at most `maxSeconds`, after the previous one. The count
 * is forgotten once the source has been quiet for `forgetAfterSeconds` (more than `maxSeconds`,
 * or waiting out the longest cool-down would reset it). Login throttling, docs/reliability.md E1, E2.
 */
export interface CoolDownPolicy {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  forgetAfterSeconds: number;
}

/** Seconds the next attempt must wait after the last one, when `count` are on the counter. */
export function coolDownSeconds(count: number, policy: CoolDownPolicy): number {
  if (count < policy.free) return 0;
  return Math.min(policy.baseSeconds * 2 ** Math.min(count - policy.free, 30), policy.maxSeconds);
}

/** The same as coolDownSeconds, in SQL, so the check and the count are one statement. */
function coolDownSql(count: SQL, policy: CoolDownPolicy): SQL {
  return sql`(case when ${count} < ${policy.free}::int then 0
    else least(${policy.baseSeconds}::float8 * power(2, least(${count} - ${policy.free}::int, 30)), ${policy.maxSeconds}::float8) end)`;
}

export type AttemptOutcome = { allowed: true; count: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts an attempt before it is checked, if the source is not cooling down; otherwise counts
 * nothing and says how long to wait. One upsert, its condition evaluated on the locked row, so
 * concurrent attempts cannot all pass a cool-down that has just ended: each sees the others'
 * counts. On this counter `window_started_at` is the time of the last counted attempt. A caller
 * whose attempt then succeeds gives it back with `release` (or `clear`).
 */
export async function attempt(args: { db: Db; key: string; policy: CoolDownPolicy; now?: Date }): Promise<AttemptOutcome> {
  const { db, key, policy } = args;
  const now = args.now ?? new Date();
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const forgotten = sql`${rateLimits.windowStartedAt} < ${new Date(now.getTime() - policy.forgetAfterSeconds * 1000).toISOString()}::timestamptz`;
  const rows = await db
    .insert(rateLimits)
    .values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: rateLimits.key,
      // Concurrent attempts read the clock before their statements run, so one may carry a time
      // earlier than the last counted one: a free attempt is allowed by the count alone, and the
      // time of the last attempt never moves back.
      set: { count: sql`case when ${forgotten} then 1 else ${rateLimits.count} + 1 end`, windowStartedAt: sql`greatest(${rateLimits.windowStartedAt}, ${nowSql})` },
      setWhere: sql`${forgotten} or ${rateLimits.count} < ${policy.free}::int or ${rateLimits.windowStartedAt} + ${coolDownSql(sql`${rateLimits.count}`, policy)} * interval '1 second' <= ${nowSql}`,
    })
    .returning({ count: rateLimits.count });
  if (rows[0]) return { allowed: true, count: rows[0].count };
  const [row] = await db
    .select({ count: rateLimits.count, last: rateLimits.windowStartedAt })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key}`)
    .limit(1);
  const waitMs = row ? row.last.getTime() + coolDownSeconds(row.count, policy) * 1000 - now.getTime() : 0;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * How many attempts `key` has before it must cool down (0: the next one waits), read without
 * counting. A warning, not a guard: `attempt` alone decides, in one statement, so a concurrent
 * attempt between the two can only make this figure smaller than the truth, never let one by.
 */
export async function freeAttemptsLeft(args: { db: Db; key: string; policy: CoolDownPolicy; now?: Date }): Promise<number> {
  const { policy } = args;
  const now = args.now ?? new Date();
  const [row] = await args.db
    .select({ count: rateLimits.count, last: rateLimits.windowStartedAt })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${args.key}`)
    .limit(1);
  if (!row || row.last.getTime() < now.getTime() - policy.forgetAfterSeconds * 1000) return policy.free;
  return Math.max(0, policy.free - row.count);
}

/** Takes back one attempt counted by `attempt` (it succeeded, or another limit refused it). */
export async function release(args: { db: Db; key: string }): Promise<void> {
  await args.db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(sql`${rateLimits.key} = ${args.key}`);
}

/**
 * A key for counting an anonymous citizen's requests without storing their address: an HMAC of
 * the client IP under the server's secret, per purpose.
 */
export function anonymousClientKey(scope: string, ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`${scope}:${ip}`).digest('hex').slice(0, 32);
}
