import { prepareRuntimeEnv } from './lib/runtime-env';

/**
 * `npm run secrets:reseal`: seal every account credential and cached access token under the
 * current key (WEGOV_SECRET_KEY) — legacy plain text, values under WEGOV_SECRET_KEY_PREVIOUS,
 * old key-id-less values alike (lib/crypto/reseal.ts, docs/reliability.md J13). Idempotent (a
 * second run reports zeros) and resumable (an interrupted run is finished by the next one).
 * Prints counts per column, never a value. Exits 1 while some account value opens with no
 * configured key: the previous key must then stay configured.
 * `npm start` runs the same pass after its migrations; this command is for doing it without a
 * restart, or against a database the portal is not running on.
 */
prepareRuntimeEnv();

const { env } = await import('../lib/env');
const { closeSharedDb, sharedDb } = await import('../db/client');
const { migrateDb } = await import('../db/migrate');
const { resealSecrets, resealTotals } = await import('../lib/crypto/reseal');
const { keyId } = await import('../lib/crypto/secret-box');

const config = env();
if (!config.secretKeys) {
  process.stderr.write('NEXTAUTH_SECRET or WEGOV_SECRET_KEY is required\n');
  process.exit(2);
}
const keys = config.secretKeys;
const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
try {
  await migrateDb(handle);
  const previous = keys.previous.map(keyId).join(', ') || 'none';
  process.stdout.write(`Re-sealing credentials in ${handle.describe} under key ${keyId(keys.current)} (previous: ${previous})\n`);
  const report = await resealSecrets({ db: handle.db, keys });
  for (const [column, c] of Object.entries(report)) {
    process.stdout.write(`  ${column}: ${c.sealed} sealed, ${c.resealed} re-sealed, ${c.unreadable} unreadable, ${c.skipped} changed meanwhile\n`);
  }
  const total = resealTotals(report);
  process.stdout.write(`Done: ${total.sealed} sealed, ${total.resealed} re-sealed, ${total.unreadable} unreadable, ${total.skipped} changed meanwhile.\n`);
  const stuck = Object.entries(report).some(([column, c]) => column.startsWith('accounts.') && c.unreadable > 0);
  if (stuck) {
    process.stderr.write('Some account credentials open with no configured key: keep WEGOV_SECRET_KEY_PREVIOUS, or set the key they were sealed with.\n');
  }
  if (total.skipped > 0) process.stdout.write('Values changed while this ran were left for the next run.\n');
  process.exitCode = stuck ? 1 : 0;
} finally {
  await closeSharedDb();
}
