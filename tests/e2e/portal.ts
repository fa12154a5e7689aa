import { createServer } from 'node:net';

/** A port nothing listens on right now, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The environment a portal under test runs with: `npm start` on a free port, a fresh PGlite
 * folder, the demo seeded, the built-in WeChat simulator, never a real database or WeChat.
 * `demo: false` is a department's first start: nothing seeded (WEGOV_DEMO=0), the simulator
 * still playing WeChat (WEGOV_SIMULATOR=1).
 */
export function portalEnv(args: { port: number; dataDir: string; baseUrl: string; demo?: boolean }): NodeJS.ProcessEnv {
  const demo = args.demo ?? true;
  return {
    ...process.env,
    PORT: String(args.port),
    HOST: '127.0.0.1',
    DATA_DIR: args.dataDir,
    DATABASE_URL: '',
    WECHAT_API_BASE: '',
    NEXTAUTH_URL: args.baseUrl,
    NEXTAUTH_SECRET: 'e2e-session-secret-0123456789',
    WEGOV_DEMO: demo ? '1' : '0',
    ...(demo ? {} : { WEGOV_SIMULATOR: '1' }),
    LOG_LEVEL: 'warn',
  };
}
