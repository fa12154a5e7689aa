import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildsInUse, markInUse, pruneOldBuilds, tryLock, unlock } from '../../scripts/lib/build-if-needed';

/** `npm start`'s build folders (.next/wegov/<hash>), faked in a temporary folder: no real build. */
let builds: string;
const now = Date.now();
const HOUR = 3_600_000;
const name = (n: number) => n.toString(16).padStart(16, '0');

/** A fake build folder, finished (BUILD_ID) or not, last touched `hoursAgo`. */
function fakeBuild(n: number, hoursAgo: number, finished = true): string {
  const dir = path.join(builds, name(n));
  mkdirSync(path.join(dir, 'server'), { recursive: true });
  writeFileSync(path.join(dir, 'server', 'page.js'), 'x');
  if (finished) writeFileSync(path.join(dir, 'BUILD_ID'), name(n));
  const at = new Date(now - hoursAgo * HOUR);
  utimesSync(dir, at, at);
  return name(n);
}

/** Another process's lock, as tryLock writes it. */
function lockedBy(build: string, pid: number): void {
  mkdirSync(path.join(builds, `${build}.lock`));
  writeFileSync(path.join(builds, `${build}.lock`, 'owner'), String(pid));
}

/** Another process's in-use mark, as markInUse writes it, left since that process started. */
function servedBy(build: string, pid: number): void {
  mkdirSync(path.join(builds, '.in-use'), { recursive: true });
  writeFileSync(path.join(builds, '.in-use', `${build}.${pid}`), '');
}

function left(): string[] {
  return readdirSync(builds).filter((entry) => /^[0-9a-f]{16}$/.test(entry)).sort();
}

/** A pid that no longer runs: a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('could not get a pid');
  return pid;
}

beforeEach(() => {
  builds = mkdtempSync(path.join(tmpdir(), 'wegov-builds-'));
});
afterEach(() => {
  rmSync(builds, { recursive: true, force: true });
});

describe('pruning old build folders', () => {
  it('keeps the current build and the newest previous one, deletes the rest', () => {
    const current = fakeBuild(1, 0);
    const previous = fakeBuild(2, 2);
    fakeBuild(3, 5);
    fakeBuild(4, 30);
    expect(pruneOldBuilds(builds, current, now).sort()).toEqual([name(3), name(4)]);
    expect(left()).toEqual([current, previous].sort());
  });

  it('deletes unfinished folders nobody is building (a failed or interrupted build)', () => {
    const current = fakeBuild(1, 0);
    const previous = fakeBuild(2, 1);
    const failed = fakeBuild(3, 3, false);
    expect(pruneOldBuilds(builds, current, now)).toEqual([failed]);
    expect(left()).toEqual([current, previous].sort());
  });

  it('never deletes a build a live process serves; it counts as the previous one kept', () => {
    const current = fakeBuild(1, 0);
    fakeBuild(2, 1);
    const served = fakeBuild(3, 40);
    servedBy(served, process.ppid);
    expect(buildsInUse(builds)).toEqual(new Set([served]));
    expect(pruneOldBuilds(builds, current, now)).toEqual([name(2)]);
    expect(left()).toEqual([current, served].sort());
  });

  it('keeps several builds while several live processes serve them', () => {
    const current = fakeBuild(1, 0);
    const a = fakeBuild(2, 10);
    const b = fakeBuild(3, 20);
    servedBy(a, process.ppid);
    servedBy(b, process.pid);
    expect(pruneOldBuilds(builds, current, now)).toEqual([]);
    expect(left()).toEqual([current, a, b].sort());
  });

  it('ignores the marks of processes that have exited, and clears them', () => {
    const current = fakeBuild(1, 0);
    const previous = fakeBuild(2, 1);
    const old = fakeBuild(3, 10);
    servedBy(old, deadPid());
    expect(pruneOldBuilds(builds, current, now)).toEqual([old]);
    expect(left()).toEqual([current, previous].sort());
    expect(readdirSync(path.join(builds, '.in-use'))).toEqual([]);
  });

  it('never deletes a folder another live process holds the lock of (building it, or starting on it)', () => {
    const current = fakeBuild(1, 0);
    const previous = fakeBuild(2, 1);
    const building = fakeBuild(3, 20, false);
    const adopting = fakeBuild(4, 30);
    lockedBy(building, process.ppid);
    lockedBy(adopting, process.ppid);
    expect(pruneOldBuilds(builds, current, now)).toEqual([]);
    expect(left()).toEqual([current, previous, building, adopting].sort());
    expect(existsSync(path.join(builds, `${building}.lock`))).toBe(true);
  });

  it('takes over the lock of a process that died mid-build and deletes its unfinished folder', () => {
    const current = fakeBuild(1, 0);
    const interrupted = fakeBuild(3, 2, false);
    lockedBy(interrupted, deadPid());
    expect(pruneOldBuilds(builds, current, now)).toEqual([interrupted]);
    expect(existsSync(path.join(builds, `${interrupted}.lock`))).toBe(false);
  });

  it('leaves an unfinished folder touched in the last minutes alone, even unlocked (a build run by hand)', () => {
    const current = fakeBuild(1, 0);
    const fresh = fakeBuild(3, 0.02, false);
    expect(pruneOldBuilds(builds, current, now)).toEqual([]);
    expect(left()).toEqual([current, fresh].sort());
  });

  it('touches nothing but build folders', () => {
    const current = fakeBuild(1, 0);
    mkdirSync(path.join(builds, 'notes'));
    writeFileSync(path.join(builds, 'README'), 'x');
    expect(pruneOldBuilds(builds, current, now)).toEqual([]);
    expect(readdirSync(builds).sort()).toEqual([current, 'README', 'notes'].sort());
  });
});

describe('build folder locks', () => {
  it('lets one process hold a folder at a time, and frees it again', () => {
    const build = fakeBuild(5, 1);
    lockedBy(build, process.ppid);
    expect(tryLock(builds, build, now)).toBe(false);
    rmSync(path.join(builds, `${build}.lock`), { recursive: true });
    expect(tryLock(builds, build, now)).toBe(true);
    expect(tryLock(builds, build, now)).toBe(false);
    unlock(builds, build);
    expect(existsSync(path.join(builds, `${build}.lock`))).toBe(false);
  });

  it('marks the build a start adopts as its newest previous, so it is the one kept next time', () => {
    const older = fakeBuild(2, 50);
    fakeBuild(3, 1);
    markInUse(builds, older, deadPid());
    const current = fakeBuild(1, 0);
    // `older` was used a moment ago (its mark is stale now): it is the newest previous build.
    expect(pruneOldBuilds(builds, current, now + 1_000)).toEqual([name(3)]);
    expect(left()).toEqual([current, older].sort());
  });
});
