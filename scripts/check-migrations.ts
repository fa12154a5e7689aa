import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Fails when db/schema.ts and the committed migrations disagree: drizzle-kit generates into a
 * copy of the migrations folder, and any new file means a migration was forgotten.
 */
const source = path.resolve('db/migrations');
const scratch = mkdtempSync(path.join(tmpdir(), 'wegov-migrations-'));
try {
  cpSync(source, scratch, { recursive: true });
  const before = readdirSync(scratch, { recursive: true }).length;
  const result = spawnSync(
    process.execPath,
    [path.resolve('node_modules/drizzle-kit/bin.cjs'), 'generate', '--dialect=postgresql', '--schema=./db/schema/index.ts', `--out=${scratch}`, '--casing=snake_case'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(1);
  }
  const after = readdirSync(scratch, { recursive: true }).length;
  if (after !== before) {
    process.stderr.write('db/schema.ts has changes without a migration: run `npm run db:generate` and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('Schema and migrations agree.\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
