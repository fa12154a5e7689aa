import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * Runs a public (anonymous) read with guard rails set for its transaction only:
 * - `statement_timeout` 2 s, so no crafted query can hold a connection (docs/reliability.md H4);
 * - `jit = off`: trigram plans carry huge cost estimates that trigger LLVM compilation, which
 *   costs 20–30 ms to save microseconds on a 20-row answer;
 * - `plan_cache_mode = force_custom_plan`: postgres.js prepares every statement, and after five
 *   runs PostgreSQL may switch a prepared statement to one generic plan that cannot see the
 *   search term. Whether to read a term's few candidates or walk the order index until a page
 *   is full depends on how common the term is (沙塘 ~170 names, 平安 ~26,000), so every run is
 *   planned with its values; planning costs ~1–2 ms;
 * - optionally `enable_seqscan = off` and no parallel workers, for reads built to be answered
 *   by indexes at any size (lib/directory/directory-order.ts): on a table of ten thousand rows
 *   the planner prices a sequential scan just below an index, while the index is what keeps a
 *   query flat as the directory grows; and starting workers for a read of a few thousand rows
 *   costs more than it saves.
 */
export async function withPublicQuerySettings<T>(db: Db, work: (tx: Db) => Promise<T>, options: { preferIndex?: boolean } = {}): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip; `true` makes each setting local to this transaction.
    await tx.execute(
      sql`select set_config('statement_timeout', '2s', true), set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true),
        set_config('enable_seqscan', ${options.preferIndex ? 'off' : 'on'}, true),
        set_config('max_parallel_workers_per_gather', ${options.preferIndex ? sql`'0'` : sql`current_setting('max_parallel_workers_per_gather')`}, true)`,
    );
    return work(tx as unknown as Db);
  });
}
