import { closeSharedDb, sharedDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { env } from '../lib/env';

/** `npm run db:migrate`: apply the committed migrations to DATABASE_URL (or the PGlite under DATA_DIR). */
const config = env();
const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
await migrateDb(handle);
process.stdout.write(`Migrations applied to ${handle.describe}\n`);
await closeSharedDb();
