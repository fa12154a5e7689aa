import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * `npm test`: every test, on both databases and in a real browser.
 *   1. unit + integration on PGlite (in memory)
 *   2. integration on PostgreSQL (TEST_DATABASE_URL, else DATABASE_URL, else the local server)
 *   3. end-to-end in Chromium (/usr/bin/chromium) against the production build
 * Ends with a plain `N passed, M failed` line and a non-zero exit on any failure.
 * WEGOV_TEST_ONLY=unit,integration,postgres,e2e runs a subset.
 */
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';
const only = new Set((process.env.WEGOV_TEST_ONLY ?? 'unit,integration,postgres,e2e').split(',').map((s) => s.trim()));
const vitest = path.resolve('node_modules/vitest/vitest.mjs');
const reportDir = mkdtempSync(path.join(tmpdir(), 'wegov-test-'));

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0, ok: true };

function run(label: string, projects: string[], env: Record<string, string>): void {
  process.stdout.write(`\n━━ ${label} ━━\n`);
  const report = path.join(reportDir, `${label.replace(/\W+/g, '-')}.json`);
  const args = [vitest, 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numTotalTests: number };
    total.passed += json.numPassedTests;
    total.failed += json.numFailedTests;
    total.skipped += json.numPendingTests + json.numTodoTests;
    if (json.numTotalTests === 0) {
      process.stdout.write(`${label}: no tests ran\n`);
      total.ok = false;
    }
  }
  if (result.status !== 0) total.ok = false;
}

async function postgresUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_PG;
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return url;
  } catch (error) {
    process.stderr.write(`PostgreSQL at ${new URL(url).host} is not answering (${(error as Error).message}).\n`);
    return null;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const pglite = [...(only.has('unit') ? ['unit'] : []), ...(only.has('integration') ? ['integration'] : [])];
if (pglite.length) run('unit + integration on PGlite', pglite, { TEST_DB: 'pglite' });

if (only.has('postgres')) {
  const url = await postgresUrl();
  if (url) {
    run('integration on PostgreSQL', ['integration'], { TEST_DB: 'postgres', TEST_DATABASE_URL: url });
  } else if (process.env.WEGOV_TEST_SKIP_POSTGRES === '1') {
    process.stdout.write('PostgreSQL pass skipped (WEGOV_TEST_SKIP_POSTGRES=1).\n');
  } else {
    process.stderr.write('Start PostgreSQL or set TEST_DATABASE_URL (WEGOV_TEST_SKIP_POSTGRES=1 skips this pass).\n');
    total.ok = false;
    total.failed += 1;
  }
}

if (only.has('e2e')) run('end-to-end in Chromium', ['e2e'], {});

rmSync(reportDir, { recursive: true, force: true });
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(total.ok && total.failed === 0 ? 0 : 1);
