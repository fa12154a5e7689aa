import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, portalEnv } from './portal';

/**
 * Stopping the portal the way a service manager does: one signal to the PID of `npm start`
 * (not to its process group). Everything it started must be gone within the 5-second drain.
 * It reuses the production build the e2e set-up made (or builds, if the sources changed since).
 */
/** Live (not zombie) processes of a process group, from /proc. */
function liveInGroup(pgid: number): Array<{ pid: number; command: string }> {
  const out: Array<{ pid: number; command: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may contain spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) !== pgid || state === 'Z' || state === 'X') continue;
      out.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() });
    } catch {
      /* exited while we looked */
    }
  }
  return out;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;
let output = '';

afterEach(() => {
  if (child?.pid && liveInGroup(child.pid).length) process.kill(-child.pid, 'SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  child = undefined;
  dataDir = undefined;
});

describe('stopping npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm start PID stops the portal and every process it started`, { timeout: 300_000 }, async () => {
      const port = await freePort();
      dataDir = mkdtempSync(path.join(tmpdir(), 'wegov-stop-'));
      const baseUrl = `http://127.0.0.1:${port}`;
      output = '';
      // Its own process group, as under a service manager; the signal goes to npm's PID alone.
      child = spawn('npm', ['start'], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...portalEnv({ port, dataDir, baseUrl }), npm_config_update_notifier: 'false' },
      });
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const pid = child.pid!;

      for (let started = false; !started; ) {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        started = (await fetch(`${baseUrl}/api/health`).catch(() => null))?.ok ?? false;
        if (!started) await new Promise((r) => setTimeout(r, 300));
      }
      const before = liveInGroup(pid);
      expect(before.map((p) => p.command).join('\n')).toMatch(/scripts\/start\.ts/);
      // An idle keep-alive connection, as a browser leaves open, must not hold the stop up.
      const agent = new http.Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) => {
        http.get(`${baseUrl}/api/health`, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
      });

      process.kill(pid, signal);
      const deadline = Date.now() + 7_000;
      let left = liveInGroup(pid);
      let listening = true;
      while (Date.now() < deadline) {
        left = liveInGroup(pid);
        listening = await answers(`${baseUrl}/api/health`);
        if (!left.length && !listening) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      agent.destroy();
      expect(listening, output).toBe(false);
      expect(left, output).toEqual([]);
      expect(output).toContain(`${signal}: stopping…`);
    });
  }
});
