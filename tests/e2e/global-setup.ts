import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, portalEnv } from './portal';

/**
 * Starts the portal the way a user does (`npm start`: build if needed, PGlite, demo seed) on a
 * free port with a fresh data folder, and stops its whole process group afterwards.
 */
export const CHROMIUM = '/usr/bin/chromium';

export async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the portal did not answer ${url}/api/health within ${timeoutMs / 1000} s`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wegov-e2e-'));
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: portalEnv({ port, dataDir, baseUrl }),
  });
  await waitForHealth(baseUrl, child, 240_000);
  project.provide('baseUrl', baseUrl);
  return async () => {
    if (child.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => setTimeout(r, 1500));
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
