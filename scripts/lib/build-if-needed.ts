import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const INPUTS = ['app', 'components', 'lib', 'db', 'public', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const BUILDS = path.join(ROOT, '.next', 'wegov');
const KEEP_BUILDS = 4;

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
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `npm start` must work without a manual build: build once when no production build of the
 * current sources exists; otherwise start in seconds. Each source version builds into its own
 * folder (.next/wegov/<hash>, passed to next.config.js as WEGOV_DIST_DIR), so a rebuild never
 * pulls files from under a server that is still running an older build, and a lock (mkdir is
 * atomic) keeps two starts from building the same version at once. Returns the folder.
 */
export function buildIfNeeded(log: (line: string) => void, options: { force?: boolean } = {}): string {
  const hash = sourceHash();
  const distDir = path.join('.next', 'wegov', hash);
  const lock = path.join(BUILDS, `${hash}.lock`);
  mkdirSync(BUILDS, { recursive: true });
  const built = () => existsSync(path.join(ROOT, distDir, 'BUILD_ID'));
  process.env.WEGOV_DIST_DIR = distDir;
  if (built() && !options.force) return distDir;

  for (let waited = 0; ; waited += 1000) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 10 minutes belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      if (waited === 0) log('Another process is building this version; waiting…');
      sleep(1000);
    }
  }
  try {
    if (built() && !options.force) return distDir;
    log('Building the production bundle (about 40 s, once per source version)…');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', WEGOV_DIST_DIR: distDir },
    });
    forgetBuildTypes();
    if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  pruneOldBuilds(hash);
  return distDir;
}

/**
 * next build adds its folder's generated types to tsconfig.json's include list. Left there, every
 * build would change the sources it was made from (and the next start would build again), so the
 * entries are removed again. Filtering (not restoring a copy) stays right when two builds of
 * different versions overlap; the file is kept in Next's own JSON layout so nothing else moves.
 */
function forgetBuildTypes(): void {
  const file = path.join(ROOT, 'tsconfig.json');
  const config = JSON.parse(readFileSync(file, 'utf8')) as { include?: string[] };
  config.include = (config.include ?? []).filter((entry) => !entry.startsWith('.next/wegov/'));
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

function pruneOldBuilds(current: string): void {
  const builds = readdirSync(BUILDS)
    .filter((name) => name !== current && !name.endsWith('.lock'))
    .map((name) => ({ name, at: statSync(path.join(BUILDS, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of builds.slice(KEEP_BUILDS - 1)) rmSync(path.join(BUILDS, old.name), { recursive: true, force: true });
}
