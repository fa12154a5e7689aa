import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Fills in what a fresh checkout lacks so `npm start` works with no configuration:
 * NEXTAUTH_URL from the port, and a session secret generated once and kept beside the data
 * (mode 600) so sessions survive restarts. A real deployment sets both itself.
 * Runs before lib/env is first read; this is the only other place that writes process.env.
 */
export function prepareRuntimeEnv(): void {
  const env = process.env;
  env.PORT ||= '3000';
  env.NEXTAUTH_URL ||= `http://localhost:${env.PORT}`;
  if (!env.NEXTAUTH_SECRET) {
    const dir = path.resolve(env.DATA_DIR || './data');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '.session-secret');
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    env.NEXTAUTH_SECRET = readFileSync(file, 'utf8').trim();
  }
}
