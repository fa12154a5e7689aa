/**
 * `npm run directory:verify-domains`: checks every account's domain proof once
 * (/.well-known/wegov.json) and prints what changed; the app also runs this daily.
 */
import { closeSharedDb, sharedDb } from '../db/client';
import { migrateDb } from '../db/migrate';
import { runDomainVerification } from '../lib/directory/domain-proof';
import { env } from '../lib/env';

async function main(): Promise<void> {
  const config = env();
  const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  await migrateDb(handle);
  const summary = await runDomainVerification({ db: handle.db });
  process.stdout.write(`Domain proofs checked: ${summary.checked}, listed: ${summary.verified}, delisted: ${summary.delisted}, unreachable or invalid: ${summary.failed}\n`);
  await closeSharedDb();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`verify-domains failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await closeSharedDb();
  process.exit(1);
});
