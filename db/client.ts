import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/**
 * One drizzle handle over either an embedded PGlite (files under DATA_DIR) or a PostgreSQL
 * server through postgres.js (DATABASE_URL). Both run the same schema and migrations.
 *
 * Next bundles route handlers, pages and instrumentation separately, and the custom server
 * loads this file once more through tsx: a module-level singleton would open the PGlite data
 * folder several times (docs/stack.md trap 4). The handle therefore lives on globalThis.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Human description for start-up logs; never contains a password. */
  describe: string;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  databaseUrl?: string;
  /** A folder for PGlite files, or `memory://` for an in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** PGlite only: start from a dumped data folder (tests clone a migrated template this way). */
  loadDataDir?: Blob;
}

export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.max ?? 10);
  return openPglite(options.dataDir ?? './data', options.loadDataDir);
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  await preparePostgresStatements();
  const client = postgres(url, {
    max,
    // A failed connect must surface quickly: the webhook answers 503 within WeChat's 5 s.
    connect_timeout: 3,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: 'wegov' },
  });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  const parsed = new URL(url);
  return {
    db,
    driver: 'postgres',
    describe: `PostgreSQL ${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
    close: () => client.end({ timeout: 5 }),
  };
}

let statementsPrepared = false;

/**
 * drizzle sends every query not built with `.prepare()` as an unnamed statement
 * (`prepare: false`), which postgres.js answers with an extra Describe round trip and the
 * server plans from scratch: measured here, a one-row select took 1.1 ms that way and 0.11 ms
 * prepared. postgres.js caches named statements per connection by their text, so we let it
 * prepare every query, transactions included. (Not for PgBouncer in transaction mode, which
 * cannot keep prepared statements; use session mode there.)
 */
async function preparePostgresStatements(): Promise<void> {
  if (statementsPrepared) return;
  statementsPrepared = true;
  const { PostgresJsSession } = await import('drizzle-orm/postgres-js/session');
  type PrepareQuery = (this: unknown, query: unknown, fields: unknown, name: string | undefined, ...rest: unknown[]) => unknown;
  const session = PostgresJsSession.prototype as unknown as { prepareQuery: PrepareQuery };
  const original = session.prepareQuery;
  session.prepareQuery = function (query, fields, name, ...rest) {
    // Any defined name makes drizzle pass `prepare: true`; postgres.js names the statement itself.
    return original.call(this, query, fields, name ?? '', ...rest);
  };
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DbHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : path.resolve(dataDir, 'pglite');
  // PGlite does not create parent folders itself (docs/stack.md trap 3).
  if (!inMemory) mkdirSync(location, { recursive: true });
  const client = await PGlite.create(inMemory ? undefined : location, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzle(client, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    describe: inMemory ? 'PGlite (in memory)' : `PGlite (embedded) at ${location}`,
    close: () => client.close(),
  };
}

type GlobalWithDb = typeof globalThis & { __wegovDb?: Promise<DbHandle> };

/** The process-wide handle, opened on first use from the environment. */
export function sharedDb(options: () => OpenDbOptions): Promise<DbHandle> {
  const g = globalThis as GlobalWithDb;
  g.__wegovDb ??= openDb(options()).catch((error: unknown) => {
    g.__wegovDb = undefined;
    throw error;
  });
  return g.__wegovDb;
}

export async function closeSharedDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g.__wegovDb;
  g.__wegovDb = undefined;
  if (pending) await (await pending).close();
}
