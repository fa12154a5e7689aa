import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * Runs a public (anonymous) read with guard rails set for its transaction only:
 * - `statement_timeout` 2 s, so no crafted query can hold a connection (RELIABILITY H4);
 * - `jit = off`: trigram plans carry huge cost estimates that trigger LLVM compilation, which
 *   costs 20–30 ms to save microseconds on a 20-row answer;
 * - optionally `enable_seqscan = off`: on a table of ten thousand rows the planner prices a
 *   sequential scan below the trigram index although the index is what scales; callers pass it
 *   only when every search term is long enough (three characters) to give trigrams.
 */
export async function withPublicQuerySettings<T>(db: Db, work: (tx: Db) => Promise<T>, options: { preferIndex?: boolean } = {}): Promise<T> {
  return db.transaction(async (tx) => {
    // One round trip; `true` makes each setting local to this transaction.
    await tx.execute(
      sql`select set_config('statement_timeout', '2s', true), set_config('jit', 'off', true), set_config('enable_seqscan', ${options.preferIndex ? 'off' : 'on'}, true)`,
    );
    return work(tx as unknown as Db);
  });
}
