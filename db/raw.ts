import type { Db } from './client';

/**
 * Runs one SQL statement directly on the driver under a drizzle handle or transaction, as a
 * prepared statement on PostgreSQL. Only for the webhook's hot path: profiled under load,
 * building a query through drizzle's builder cost more CPU than PostgreSQL spent running it
 * (README, "Benchmarks").
 *
 * Parameters are sent as text and cast in the SQL (`$1::uuid`, `$2::text::jsonb`), so both
 * drivers read them the same way; the `::text` before a `::jsonb` keeps postgres.js and PGlite
 * from JSON-encoding a string a second time. Rows come back as the driver parses them: select
 * int8 columns `::text` if you need them the same on both. Arrays go as `$1::text[]`.
 */
type RawParam = string | number | boolean | null | ReadonlyArray<string | null>;

/** A drizzle handle or transaction: both keep the driver's client (pool, or the transaction's connection) on their session. */
type Runner = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export async function rawQuery<Row extends Record<string, unknown>>(db: Runner, text: string, params: readonly RawParam[]): Promise<Row[]> {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (typeof client === 'function' && 'unsafe' in client) {
    const postgresJs = client as unknown as { unsafe: (q: string, p: unknown[], o: { prepare: boolean }) => Promise<Row[]> };
    return postgresJs.unsafe(text, [...params], { prepare: true });
  }
  if (client && typeof (client as { query?: unknown }).query === 'function') {
    const pglite = client as { query: (q: string, p: unknown[]) => Promise<{ rows: Row[] }> };
    return (await pglite.query(text, [...params])).rows;
  }
  throw new Error('rawQuery needs a drizzle handle or transaction of db/client.ts');
}
