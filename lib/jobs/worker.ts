import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { jobs, type Job } from '../../db/schema';
import { errorFields, log } from '../log';
import { claimJobs, lockExpiredLeases, settleJob, type JobOutcome, type Tx } from './outbox';

export interface JobHandler {
  run(args: { db: Db; job: Job }): Promise<JobOutcome>;
  /**
   * A worker died holding this job. Returns what to do: run it again, or stop because the
   * outcome is unknown (a customer-service send has no idempotency key: docs/reliability.md J11).
   */
  onLeaseExpired(args: { tx: Tx; job: Job }): Promise<'retry' | 'abandon' | 'done'>;
}

export type JobHandlers = Record<string, JobHandler>;

export interface WorkerOptions {
  db: Db;
  handlers: JobHandlers;
  /** How long a claimed job is ours; longer than the slowest call (HTTP timeout 10 s). */
  leaseMs?: number;
  batch?: number;
  backoff?: (attempt: number) => number;
}

/** Gives expired leases back or abandons them, as their handler decides. */
export async function recoverExpiredLeases(opts: WorkerOptions): Promise<number> {
  return opts.db.transaction(async (tx) => {
    const expired = await lockExpiredLeases({ tx, limit: 100 });
    for (const job of expired) {
      const handler = opts.handlers[job.kind];
      const decision = handler ? await handler.onLeaseExpired({ tx, job }) : 'retry';
      if (decision === 'retry' && job.attempts < job.maxAttempts) {
        await tx.update(jobs).set({ status: 'pending', lockedUntil: null, runAt: new Date(), lastError: 'worker stopped mid-run; retried' }).where(eq(jobs.id, job.id));
      } else if (decision === 'done') {
        await tx.update(jobs).set({ status: 'done', lockedUntil: null, finishedAt: new Date() }).where(eq(jobs.id, job.id));
      } else {
        await tx
          .update(jobs)
          .set({ status: 'failed', lockedUntil: null, finishedAt: new Date(), lastError: 'outcome unknown: the worker stopped during the call' })
          .where(eq(jobs.id, job.id));
      }
    }
    return expired.length;
  });
}

/** Claims and runs what is due now, once. Returns how many jobs ran. */
export async function runDueJobs(opts: WorkerOptions): Promise<number> {
  await recoverExpiredLeases(opts);
  const claimed = await claimJobs({ db: opts.db, limit: opts.batch ?? 10, leaseMs: opts.leaseMs ?? 30_000, kinds: Object.keys(opts.handlers) });
  // One account's jobs run in order, one at a time: a citizen gets replies in the order staff
  // wrote them, and a pause (45009) set by one job holds back the next. Accounts run in parallel.
  const byAccount = new Map<string, Job[]>();
  for (const job of claimed) {
    const key = job.accountId ?? `job:${job.id}`;
    byAccount.set(key, [...(byAccount.get(key) ?? []), job]);
  }
  await Promise.all(
    [...byAccount.values()].map(async (queue) => {
      for (const job of queue) await runOne(opts, job);
    }),
  );
  return claimed.length;
}

async function runOne(opts: WorkerOptions, job: Job): Promise<void> {
  const handler = opts.handlers[job.kind];
  let outcome: JobOutcome;
  try {
    outcome = handler ? await handler.run({ db: opts.db, job }) : { status: 'failed', error: `no handler for ${job.kind}` };
  } catch (error) {
    // An unexpected error (database hiccup, bug): the handler did not decide, so retry later.
    log.error('jobs.handler_failed', { job: job.id, kind: job.kind, ...errorFields(error) });
    outcome = { status: 'retry', error: 'internal error' };
  }
  await settleJob({ db: opts.db, job, outcome, backoff: opts.backoff });
}

/**
 * Runs the outbox until `signal` aborts: polls every `pollMs` when idle, immediately again when
 * a batch was full. Safe to run in several processes at once.
 */
export function startWorker(opts: WorkerOptions & { pollMs?: number; signal?: AbortSignal }): Promise<void> {
  const pollMs = opts.pollMs ?? 1_000;
  const batch = opts.batch ?? 10;
  return (async () => {
    while (!opts.signal?.aborted) {
      let ran = 0;
      try {
        ran = await runDueJobs({ ...opts, batch });
      } catch (error) {
        log.error('jobs.poll_failed', errorFields(error));
      }
      if (ran < batch) await sleep(pollMs, opts.signal);
    }
  })();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
