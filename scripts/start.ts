import { prepareRuntimeEnv } from './lib/runtime-env';

/**
 * `npm start`: build if needed, open the database (PGlite under DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), apply migrations, seed the demo into an empty database, serve.
 * `npm run dev` (`--dev`) does the same with hot reload and no build.
 *
 * SIGTERM or SIGINT stops everything this process started, at any point — a build in progress
 * (its whole process group), the HTTP server, the outbox and the timers, then the database —
 * and it exits within STOP_DEADLINE_MS even if something hangs. package.json runs this file as
 * `exec node --import tsx …`: npm passes SIGTERM/SIGINT on to its child, and that child is this
 * process. (With `tsx scripts/start.ts`, npm's child was `sh -c`, which died of the signal and
 * left the tsx CLI and this process running.)
 */
const dev = process.argv.includes('--dev');
prepareRuntimeEnv();
(process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
process.env.NEXT_TELEMETRY_DISABLED = '1';

/** The whole stop, from the signal to the exit. */
const STOP_DEADLINE_MS = 5_000;
/** Requests in flight get this long; the rest of the deadline closes the outbox and the database. */
const DRAIN_MS = 4_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

type Handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;

/** What main() has started so far, for stop() to undo (whatever point the start had reached). */
const started: {
  closeServer?: (graceMs: number) => Promise<void>;
  background: Array<() => void | Promise<void>>;
  closeDb?: () => Promise<void>;
} = { background: [] };
const shutdown = new AbortController();

async function main(signal: AbortSignal): Promise<void> {
  const { buildIfNeeded } = await import('./lib/build-if-needed');
  if (!dev) await buildIfNeeded(say, { signal });
  if (signal.aborted) return;

  const { env } = await import('../lib/env');
  const { sharedDb, closeSharedDb } = await import('../db/client');
  const { migrateDb } = await import('../db/migrate');
  const { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo, seedRegions } = await import('../db/seed');
  const config = env();

  started.closeDb = closeSharedDb;
  const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  if (signal.aborted) return;
  await migrateDb(handle);
  if (signal.aborted) return;
  // Plain-text or previous-key credentials are sealed under the current key before anything reads them.
  await (await import('../lib/crypto/reseal')).resealAtStart({ db: handle.db, keys: config.secretKeys, say });
  if (signal.aborted) return;
  const empty = await isDatabaseEmpty(handle.db);
  if (empty && config.WEGOV_DEMO) {
    if (!config.secretKey) throw new Error('NEXTAUTH_SECRET or WEGOV_SECRET_KEY is required');
    say('Empty database: seeding the demo data…');
    await seedDemo(handle.db, { secretKey: config.secretKey, inquiries: true });
  } else if (empty) {
    await seedRegions(handle.db);
  }
  if (signal.aborted) return;

  const mounts: Array<{ prefix: string; handler: Handler }> = [];
  let simulatorLine = '';
  if (config.simulatorEnabled && !config.WECHAT_API_BASE) {
    const { mountDemoSimulator } = await import('./lib/demo-simulator');
    // The fake's job reports go to this server's own webhook, reached on the loopback when it listens on every address.
    const selfHost = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
    mounts.push(await mountDemoSimulator({ db: handle.db, secretKey: config.secretKey!, webhookBase: `http://${selfHost}:${config.PORT}` }));
    simulatorLine = `  WeChat simulator: ${config.baseUrl}/dev/wechat (API at ${config.wechatApiBase})`;
  }

  const { startPortalServer } = await import('../lib/server/portal-server');
  const server = await startPortalServer({ dev, host: config.HOST, port: config.PORT, db: async () => handle.db, mounts });
  started.closeServer = (graceMs) => server.close(graceMs);
  if (signal.aborted) return;
  // The outbox worker (lib/jobs) delivers staff replies to WeChat from this process too.
  const { startOutbox } = await import('../lib/jobs/run');
  const { apiConfigFromEnv } = await import('../lib/wechat/api/config');
  started.background.push(startOutbox({ db: handle.db, config: apiConfigFromEnv() }));
  // Daily domain-proof checks and pinyin search text for renamed accounts (lib/directory).
  const { startDirectoryTasks } = await import('../lib/directory/tasks');
  const directoryTasks = startDirectoryTasks({ db: handle.db });
  started.background.push(() => directoryTasks.stop());
  // Day-before event reminders (lib/events/tasks.ts): idempotent, one per registration.
  const { startEventTasks } = await import('../lib/events/tasks');
  const eventTasks = startEventTasks({ db: handle.db });
  started.background.push(() => eventTasks.stop());
  // Menu links re-checked after publishing (lib/menu/tasks.ts).
  const { startMenuTasks } = await import('../lib/menu/tasks');
  const menuTasks = startMenuTasks({ db: handle.db });
  started.background.push(() => menuTasks.stop());

  say('');
  say(`WeGov is running at ${config.baseUrl}`);
  say(`  Database: ${handle.describe}${empty && config.WEGOV_DEMO ? ' (demo data seeded)' : ''}`);
  if (simulatorLine) say(simulatorLine);
  if (config.WEGOV_DEMO) {
    say(`  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => l.email).join(', ')}`);
  }
  say('');
}

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  // A Ctrl-C in a terminal reaches this process twice (from the terminal and from npm): one stop.
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping…`);
  setTimeout(() => {
    process.stderr.write(`WeGov did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  shutdown.abort();
  // main() stops at its next step (a build is killed), so nothing starts after this point.
  await starting.catch(() => {});
  await Promise.allSettled([started.closeServer?.(DRAIN_MS), ...started.background.map(async (stopOne) => stopOne())]);
  await started.closeDb?.().catch(() => {});
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const starting = main(shutdown.signal);
starting.catch((error: unknown) => {
  if (shutdown.signal.aborted) return; // stopped while starting: stop() finishes the job
  // A failed migration or a taken port must stop the process, not leave a server answering
  // 500 everywhere (docs/stack.md trap 5).
  process.stderr.write(`WeGov failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
