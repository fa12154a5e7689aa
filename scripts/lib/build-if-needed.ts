import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const INPUTS = ['app', 'components', 'lib', 'db', 'public', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP = path.join(ROOT, '.next', 'wegov-source-hash');

function walk(entry: string, files: string[]): void {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const name of readdirSync(full).sort()) walk(path.join(entry, name), files);
  } else {
    files.push(entry);
  }
}

/** A hash of everything `next build` reads, so a stale build is noticed without guessing. */
export function sourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(input, files);
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(path.join(ROOT, file)));
  return hash.digest('hex');
}

/**
 * `npm start` must work without a manual build: build once when no production build exists
 * or the sources changed since it was made; otherwise start in seconds.
 */
export function buildIfNeeded(log: (line: string) => void, options: { force?: boolean } = {}): void {
  const wanted = sourceHash();
  const built = options.force ? null : existsSync(path.join(ROOT, '.next', 'BUILD_ID')) && existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : null;
  if (built === wanted) return;
  log(built ? 'Sources changed since the last build: rebuilding (about 40 s)…' : 'Building the production bundle (about 40 s)…');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(STAMP, wanted);
}
