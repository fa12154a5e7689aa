import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDb, type Db, type DbHandle } from '../../db/client';
import { migrateDb } from '../../db/migrate';

/**
 * A fresh, migrated database for one test file, on the driver chosen by TEST_DB:
 * `pglite` (in-memory PGlite) or `postgres` (a new database on TEST_DATABASE_URL's server,
 * cloned from a migrated template made once per run by global-setup). Runs never collide.
 */
export type TestDriver = 'pglite' | 'postgres';

export function testDriver(): TestDriver {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

export function adminDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL or DATABASE_URL');
  return url;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDb {
  db: Db;
  handle: DbHandle;
  driver: TestDriver;
  /** Connection string when on PostgreSQL (for servers started by the test). */
  url: string | null;
  close(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  if (testDriver() === 'pglite') {
    const template = inject('pgliteTemplate');
    const loadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
    const handle = await openDb({ dataDir: 'memory://', ...(loadDataDir ? { loadDataDir } : {}) });
    await migrateDb(handle);
    return { db: handle.db, handle, driver: 'pglite', url: null, close: () => handle.close() };
  }
  const template = inject('templateDb');
  if (!template) throw new Error('global-setup did not prepare a template database');
  const admin = adminDatabaseUrl();
  const name = `wegov_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await sql.end();
  }
  const url = withDatabase(admin, name);
  const handle = await openDb({ databaseUrl: url, max: 30 });
  return {
    db: handle.db,
    handle,
    driver: 'postgres',
    url,
    async close() {
      await handle.close();
      const cleanup = postgres(admin, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
