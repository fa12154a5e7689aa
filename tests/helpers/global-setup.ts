import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/client';
import { migrateDb, MIGRATIONS_FOLDER } from '../../db/migrate';
import { adminDatabaseUrl, testDriver, withDatabase } from './test-db';

/**
 * On PostgreSQL, migrate one template database per migration set; every test file then
 * clones it (CREATE DATABASE … TEMPLATE), which is much faster than migrating each time.
 */
export default async function setup(project: TestProject): Promise<void> {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_FOLDER, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(readFileSync(path.join(MIGRATIONS_FOLDER, file)));
  }
  const digest = hash.digest('hex').slice(0, 12);
  if (testDriver() === 'pglite') {
    project.provide('pgliteTemplate', await pgliteTemplate(digest));
    return;
  }
  const name = `wegov_tpl_${digest}`;
  const admin = adminDatabaseUrl();
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  try {
    const exists = await sql`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) {
      const building = `${name}_build_${process.pid}`;
      await sql.unsafe(`DROP DATABASE IF EXISTS ${building}`);
      await sql.unsafe(`CREATE DATABASE ${building}`);
      const handle = await openDb({ databaseUrl: withDatabase(admin, building), max: 1 });
      try {
        await migrateDb(handle);
      } finally {
        await handle.close();
      }
      // Rename last, so a half-migrated template is never used by a later run.
      await sql.unsafe(`ALTER DATABASE ${building} RENAME TO ${name}`).catch(async () => {
        await sql.unsafe(`DROP DATABASE IF EXISTS ${building}`);
      });
    }
  } finally {
    await sql.end();
  }
  project.provide('templateDb', name);
}

/** The same idea on PGlite: a migrated data folder dumped once, loaded by every test file. */
async function pgliteTemplate(digest: string): Promise<string> {
  const file = path.join(tmpdir(), `wegov-pglite-template-${digest}.tar`);
  if (existsSync(file)) return file;
  const handle = await openDb({ dataDir: 'memory://' });
  try {
    await migrateDb(handle);
    const client = (handle.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir('none');
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await handle.close();
  }
  return file;
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    pgliteTemplate: string;
  }
}
