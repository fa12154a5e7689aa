import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const INPUTS = ['app', 'components', 'lib', 'db', 'public', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
/** Besides the build a start uses, keep one previous build (more only while they are in use). */
const KEEP_PREVIOUS = 1;
/** A lock whose owner cannot be told, or an unfinished folder nobody locks, counts as abandoned after this. */
const ABANDONED_MS = 600_000;
const BUILD_NAME = /^[0-9a-f]{16}$/;
const IN_USE = '.in-use';

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

/** Where `npm start` keeps its builds, one folder per source version. */
export function buildsFolder(root = ROOT): string {
  return path.join(root, '.next', 'wegov');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Locks and in-use marks this process holds, removed however it exits (a SIGKILL leaves them,
// and the next process sees that their owner is gone).
const held = new Set<string>();
let exitHook = false;
function hold(file: string): void {
  held.add(file);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const entry of held) rmSync(entry, { recursive: true, force: true });
  });
}
function release(file: string): void {
  held.delete(file);
  rmSync(file, { recursive: true, force: true });
}

/**
 * The lock of one build folder: `<hash>.lock`, made with mkdir (atomic), with the owner's pid
 * inside. Whoever builds a version, starts using it or deletes it holds its lock meanwhile, so a
 * folder is never deleted while another process builds it or is about to serve it. A lock whose
 * owner has died is taken over.
 */
export function tryLock(builds: string, name: string, now = Date.now()): boolean {
  const lock = path.join(builds, `${name}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0 || !lockAbandoned(lock, now)) return false;
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    hold(lock);
    writeFileSync(path.join(lock, 'owner'), String(process.pid));
    return true;
  }
  return false;
}

function lockAbandoned(lock: string, now: number): boolean {
  try {
    const owner = Number(readFileSync(path.join(lock, 'owner'), 'utf8'));
    if (Number.isInteger(owner) && owner > 0) return !isAlive(owner);
  } catch {
    /* no owner written (yet, or by an older version of this script) */
  }
  try {
    return now - statSync(lock).mtimeMs > ABANDONED_MS;
  } catch {
    return false;
  }
}

export function unlock(builds: string, name: string): void {
  release(path.join(builds, `${name}.lock`));
}

/**
 * Marks a build as served by this process (`.in-use/<hash>.<pid>`, removed on exit) and touches
 * its folder, so "the newest previous build" means the one used last. Call it holding the lock.
 */
export function markInUse(builds: string, name: string, pid = process.pid): void {
  const marks = path.join(builds, IN_USE);
  mkdirSync(marks, { recursive: true });
  const mark = path.join(marks, `${name}.${pid}`);
  writeFileSync(mark, '');
  if (pid === process.pid) hold(mark);
  const now = new Date();
  if (existsSync(path.join(builds, name))) utimesSync(path.join(builds, name), now, now);
}

/** Builds some live process serves; marks of dead processes are cleared on the way. */
export function buildsInUse(builds: string): Set<string> {
  const marks = path.join(builds, IN_USE);
  const out = new Set<string>();
  if (!existsSync(marks)) return out;
  for (const file of readdirSync(marks)) {
    const match = /^([0-9a-f]{16})\.(\d+)$/.exec(file);
    if (!match) continue;
    if (isAlive(Number(match[2]))) out.add(match[1]!);
    else {
      try {
        unlinkSync(path.join(marks, file));
      } catch {
        /* another process cleared it first */
      }
    }
  }
  return out;
}

/**
 * Deletes old builds after a successful one: keeps `current`, every build a live process serves
 * or builds, and — if none of those is a previous build already — the newest other finished one.
 * Unfinished folders nobody is building (a failed or interrupted build) go too. Each deletion
 * holds the folder's lock and re-reads the in-use marks under it, so it cannot race a start that
 * is adopting that build, nor a concurrent build of it. Returns the folders deleted.
 */
export function pruneOldBuilds(builds: string, current: string, now = Date.now()): string[] {
  if (!existsSync(builds)) return [];
  const inUse = buildsInUse(builds);
  const others = readdirSync(builds)
    .filter((name) => BUILD_NAME.test(name) && name !== current)
    .map((name) => {
      const dir = path.join(builds, name);
      const stat = statSync(dir);
      return { name, dir, at: stat.mtimeMs, isDir: stat.isDirectory(), finished: existsSync(path.join(dir, 'BUILD_ID')) };
    })
    .filter((b) => b.isDir)
    .sort((a, b) => b.at - a.at);
  let previousKept = others.filter((b) => inUse.has(b.name)).length;
  const removed: string[] = [];
  for (const build of others) {
    if (inUse.has(build.name)) continue;
    if (build.finished && previousKept < KEEP_PREVIOUS) {
      previousKept += 1;
      continue;
    }
    // An unfinished folder touched lately may be a build run by hand, without our lock.
    if (!build.finished && now - build.at < ABANDONED_MS) continue;
    if (!tryLock(builds, build.name, now)) continue;
    try {
      if (buildsInUse(builds).has(build.name)) continue;
      rmSync(build.dir, { recursive: true, force: true });
      removed.push(build.name);
    } finally {
      unlock(builds, build.name);
    }
  }
  return removed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class BuildAborted extends Error {
  constructor() {
    super('the build was stopped');
    this.name = 'AbortError';
  }
}

/** Sends a signal to a whole process group, if any of it is left. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * `next build` into `distDir`. With a `signal`, the build runs in its own process group and an
 * abort stops the whole group (next build starts workers of its own); without one it stays in
 * the caller's group, so a Ctrl-C in the terminal reaches it as before.
 */
function runNextBuild(distDir: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new BuildAborted());
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      stdio: 'inherit',
      detached: Boolean(signal),
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', WEGOV_DIST_DIR: distDir },
    });
    let aborted = false;
    const abort = () => {
      aborted = true;
      if (child.pid) killGroup(child.pid, 'SIGTERM');
      setTimeout(() => child.pid && killGroup(child.pid, 'SIGKILL'), 1_500).unref();
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', abort);
      reject(error);
    });
    child.once('exit', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (aborted) {
        // The leader is gone; its workers go with it.
        if (child.pid) killGroup(child.pid, 'SIGKILL');
        return reject(new BuildAborted());
      }
      if (code === 0) resolve();
      else reject(new Error(`next build failed (exit ${code ?? killedBy})`));
    });
  });
}

/**
 * `npm start` must work without a manual build: build once when no production build of the
 * current sources exists; otherwise start in seconds. Each source version builds into its own
 * folder (.next/wegov/<hash>, passed to next.config.js as WEGOV_DIST_DIR), so a rebuild never
 * pulls files from under a server that is still running an older build, and the folder's lock
 * keeps two starts from building the same version at once. After a build, older folders are
 * pruned (pruneOldBuilds): the folders do not pile up, and none in use is touched. `signal`
 * stops a build in progress (start.ts passes its shutdown). Returns the folder.
 */
export async function buildIfNeeded(log: (line: string) => void, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<string> {
  const builds = buildsFolder();
  const hash = sourceHash();
  const distDir = path.join('.next', 'wegov', hash);
  mkdirSync(builds, { recursive: true });
  const built = () => existsSync(path.join(ROOT, distDir, 'BUILD_ID'));
  process.env.WEGOV_DIST_DIR = distDir;

  for (let waited = 0; !tryLock(builds, hash); waited += 1000) {
    if (options.signal?.aborted) throw new BuildAborted();
    if (waited === 0 && !built()) log('Another process is building this version; waiting…');
    await sleep(1000);
  }
  let didBuild = false;
  try {
    if (!built() || options.force) {
      log('Building the production bundle (about 40 s, once per source version)…');
      try {
        await runNextBuild(distDir, options.signal);
      } finally {
        forgetBuildTypes();
      }
      didBuild = true;
    }
    markInUse(builds, hash);
  } finally {
    unlock(builds, hash);
  }
  if (didBuild) {
    const removed = pruneOldBuilds(builds, hash);
    if (removed.length) log(`Removed ${removed.length} old build folder(s) from .next/wegov.`);
  }
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
  const include = config.include ?? [];
  const kept = include.filter((entry) => !entry.startsWith('.next/wegov/'));
  if (kept.length === include.length) return;
  config.include = kept;
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}
