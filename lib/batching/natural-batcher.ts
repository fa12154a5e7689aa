/**
 * Natural batching for the webhook's writes: a row is written at once while fewer than
 * `maxInFlight` batches are running, so a quiet account waits for nothing; under load, rows that
 * arrive meanwhile go together in the next batch, one statement for all of them. Under load the
 * webhook was bound by per-statement CPU, in the app and in PostgreSQL, not by the rows
 * themselves (README, "Benchmarks").
 *
 * - Rows with the same `keyOf` are never in flight together: the next waits for the one before,
 *   so one citizen's messages are written in the order they arrived (and one statement never
 *   touches the same conversation twice).
 * - A failed batch is written row by row with `runAlone`, so one row's problem (a WeChat retry
 *   hitting a unique index, a bad value) is only its own.
 * - A batch running longer than `stalledAfterMs` no longer holds its slot: it is probably waiting
 *   on a row lock (a staff transaction on one of its citizens), and the other pushes must not
 *   wait with it until WeChat's 5 seconds run out. Normal batches take a few milliseconds.
 */
export interface NaturalBatcherOptions<Row, Outcome> {
  /** Writes rows (2 or more) in one statement; outcomes in the same order. */
  runBatch(rows: readonly Row[]): Promise<Outcome[]>;
  /** Writes one row; also used for each row of a failed batch. */
  runAlone(row: Row): Promise<Outcome>;
  /** Rows with the same key are written one after another, never in one batch. */
  keyOf(row: Row): string;
  maxInFlight?: number;
  maxBatch?: number;
  stalledAfterMs?: number;
}

interface Pending<Row, Outcome> {
  row: Row;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Measured with bench:webhook's load: 1 and 2 batches in flight both gave about 1,900 req/s
 * and 4 gave 1,700. Two, so one slow statement (an fsync stall) does not hold up every push.
 */
export const DEFAULT_MAX_IN_FLIGHT = 2;

export class NaturalBatcher<Row, Outcome> {
  private queue: Array<Pending<Row, Outcome>> = [];
  /** Start times of the batches running now. */
  private running = new Set<{ startedAt: number }>();
  /** Keys with a row being written: their next row waits, so it cannot overtake. */
  private busy = new Set<string>();
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly stalledAfterMs: number;
  /** For tests and diagnostics: how batching went since start. */
  readonly stats = { statements: 0, largestBatch: 0, failedBatches: 0 };

  constructor(private readonly options: NaturalBatcherOptions<Row, Outcome>) {
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.maxBatch = options.maxBatch ?? 64;
    this.stalledAfterMs = options.stalledAfterMs ?? 250;
  }

  get inFlightLimit(): number {
    return this.maxInFlight;
  }

  write(row: Row): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.activeBatches() < this.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // every queued row waits for one of its key in flight
      const entry = { startedAt: performance.now() };
      this.running.add(entry);
      for (const p of batch) this.busy.add(this.options.keyOf(p.row));
      // Wakes the queue when this batch counts as stalled, in case nothing else does.
      const stalled = setTimeout(() => this.pump(), this.stalledAfterMs + 1);
      stalled.unref();
      void this.run(batch).finally(() => {
        clearTimeout(stalled);
        this.running.delete(entry);
        for (const p of batch) this.busy.delete(this.options.keyOf(p.row));
        this.pump();
      });
    }
  }

  private activeBatches(): number {
    const now = performance.now();
    let active = 0;
    for (const { startedAt } of this.running) if (now - startedAt < this.stalledAfterMs) active += 1;
    return active;
  }

  private takeBatch(): Array<Pending<Row, Outcome>> {
    const batch: Array<Pending<Row, Outcome>> = [];
    const keys = new Set<string>();
    const rest: Array<Pending<Row, Outcome>> = [];
    for (const pending of this.queue) {
      const key = this.options.keyOf(pending.row);
      if (batch.length < this.maxBatch && !keys.has(key) && !this.busy.has(key)) {
        keys.add(key);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Array<Pending<Row, Outcome>>): Promise<void> {
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    if (batch.length > 1) {
      try {
        this.stats.statements += 1;
        const outcomes = await this.options.runBatch(batch.map((p) => p.row));
        batch.forEach((p, i) => p.resolve(outcomes[i]!));
        return;
      } catch {
        // Fall through: each row on its own, so the failure lands where it belongs.
        this.stats.failedBatches += 1;
      }
    }
    this.stats.statements += batch.length;
    await Promise.all(batch.map((p) => this.options.runAlone(p.row).then(p.resolve, p.reject)));
  }
}

/** One batcher per database handle and lane, made on first use. */
export function batcherPerHandle<Handle extends object, Row, Outcome>(
  make: (handle: Handle) => NaturalBatcher<Row, Outcome>,
): (handle: Handle) => NaturalBatcher<Row, Outcome> {
  const batchers = new WeakMap<Handle, NaturalBatcher<Row, Outcome>>();
  return (handle) => {
    let batcher = batchers.get(handle);
    if (!batcher) batchers.set(handle, (batcher = make(handle)));
    return batcher;
  };
}
