import path from 'node:path';
import type { DbHandle } from './client';

/** Folder of the committed drizzle-kit migrations (resolved from the project root). */
export const MIGRATIONS_FOLDER = path.resolve(/* turbopackIgnore: true */ process.cwd(), 'db/migrations');

/** Applies the committed migrations; drizzle records them, so this is safe on every start. */
export async function migrateDb(handle: DbHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(handle.db as never, { migrationsFolder });
  }
}
