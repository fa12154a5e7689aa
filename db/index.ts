import 'server-only';
import { env } from '../lib/env';
import { sharedDb, type Db } from './client';

/**
 * The app's database handle (route handlers, pages, server actions). Scripts and tests open
 * their own with db/client.ts; `server-only` keeps this one out of client bundles.
 */
export async function getDb(): Promise<Db> {
  const handle = await sharedDb(() => ({ databaseUrl: env().DATABASE_URL, dataDir: env().DATA_DIR }));
  return handle.db;
}

export type { Db } from './client';
