import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { jobs, type Job } from '../../db/schema';

/**
 * The durable outbox: every outbound WeChat call is a row in `jobs`, written in the same
 * transaction as the record it delivers, so nothing is lost when a process dies. Workers claim
 * rows with FOR UPDATE SKIP LOCKED and a lease (`locked_until`); any number of processes can
 * run workers against one database. pg-boss would do this too, but it needs the `pg` driver and
 * cannot run on the embedded PGlite the demo uses (docs/inbox.md, "Outbox").
 */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export async function enqueueJob(args: {
  db: DbOrTx;
  kind: string;
  accountId: string | null;
  payload: Record<string, unknown>;
  /** A second enqueue with the same key is ignored (double submit, retried request). */
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}): Promise<number | null> {
  const [row] = await args.db
    .insert(jobs)
    .values({
      kind: args.kind,
      accountId: args.accountId,
      payload: args.payload,
      idempotencyKey: args.idempotencyKey ?? null,
      runAt: args.runAt ?? new Date(),
      maxAttempts: args.maxAttempts ?? 5,
    })
    .onConflictDoNothing({ target: jobs.idempotencyKey })
    .returning({ id: jobs.id });
  return row?.id ?? null;
}

/**
 * Claims up to `limit` due jobs for `leaseMs`. SKIP LOCKED lets concurrent workers take
 * different rows without waiting; `attempts` is bumped here and doubles as the fencing token,
 * so a worker whose lease ran out cannot overwrite the outcome of the one that took over.
 */
export async function claimJobs(args: { db: Db; limit: number; leaseMs: number; kinds?: string[] }): Promise<Job[]> {
  const kindFilter = args.kinds?.length ? sql`and kind in ${args.kinds}` : sql``;
  const rows = await args.db.execute(sql`
    update jobs set status = 'running', attempts = attempts + 1,
      locked_until = now() + ${`${Math.max(1, Math.round(args.leaseMs))} milliseconds`}::interval
    where id in (
      select id from jobs
      where status = 'pending' and run_at <= now() ${kindFilter}
      order by run_at, id
      for update skip locked
      limit ${args.limit}
    )
    returning id`);
  const ids = rowsOf<{ id: unknown }>(rows).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  const claimed = await args.db.select().from(jobs).where(sql`${jobs.id} in ${ids}`);
  return claimed.sort((a, b) => a.id - b.id);
}

export type JobOutcome =
  | { status: 'done' }
  /** Transient failure: run again after a backoff, until max_attempts. */
  | { status: 'retry'; error: string; delayMs?: number }
  /** Not retryable (or handed to staff): stays visible with its reason. */
  | { status: 'failed'; error: string }
  /** Waits without spending an attempt (an API paused by a daily quota). */
  | { status: 'deferred'; until: Date; error: string };

/** Records a job's outcome, only if this worker still holds it (same attempt, still running). */
export async function settleJob(args: { db: DbOrTx; job: Pick<Job, 'id' | 'attempts' | 'maxAttempts'>; outcome: JobOutcome; backoff?: (attempt: number) => number }): Promise<Job['status'] | null> {
  const { job, outcome } = args;
  const mine = and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts), eq(jobs.status, 'running'));
  const now = new Date();
  let set: Partial<typeof jobs.$inferInsert>;
  switch (outcome.status) {
    case 'done':
      set = { status: 'done', lockedUntil: null, finishedAt: now, lastError: null };
      break;
    case 'failed':
      set = { status: 'failed', lockedUntil: null, finishedAt: now, lastError: outcome.error };
      break;
    case 'deferred':
      // The attempt did not reach WeChat's logic; give it back.
      set = { status: 'pending', lockedUntil: null, runAt: outcome.until, lastError: outcome.error, attempts: Math.max(0, job.attempts - 1) };
      break;
    case 'retry': {
      if (job.attempts >= job.maxAttempts) {
        set = { status: 'dead', lockedUntil: null, finishedAt: now, lastError: outcome.error };
        break;
      }
      const delay = outcome.delayMs ?? (args.backoff ?? defaultBackoff)(job.attempts);
      set = { status: 'pending', lockedUntil: null, runAt: new Date(now.getTime() + delay), lastError: outcome.error };
      break;
    }
  }
  const [row] = await args.db.update(jobs).set(set).where(mine).returning({ status: jobs.status });
  return row?.status ?? null;
}

/** Exponential backoff with full jitter (docs/reliability.md J7): 0…min(5 min, 2 s · 2^attempt). */
export function defaultBackoff(attempt: number): number {
  const cap = Math.min(5 * 60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.random() * cap);
}

/** Jobs whose worker died mid-run (lease expired while still `running`), locked for the caller. */
export async function lockExpiredLeases(args: { tx: Tx; limit: number }): Promise<Job[]> {
  return args.tx
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), sql`${jobs.lockedUntil} < now()`))
    .orderBy(jobs.lockedUntil)
    .limit(args.limit)
    .for('update', { skipLocked: true });
}

/** postgres.js returns an array; PGlite returns `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
