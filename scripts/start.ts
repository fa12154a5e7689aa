import { prepareRuntimeEnv } from './lib/runtime-env';

/**
 * `npm start`: build if needed, open the database (PGlite under DATA_DIR, or PostgreSQL when
 * DATABASE_URL is set), apply migrations, seed the demo into an empty database, serve.
 * `npm run dev` (`--dev`) does the same with hot reload and no build.
 */
const dev = process.argv.includes('--dev');
prepareRuntimeEnv();
(process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
process.env.NEXT_TELEMETRY_DISABLED = '1';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const { buildIfNeeded } = await import('./lib/build-if-needed');
  if (!dev) await buildIfNeeded(say);

  const { env } = await import('../lib/env');
  const { sharedDb, closeSharedDb } = await import('../db/client');
  const { migrateDb } = await import('../db/migrate');
  const { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo, seedRegions } = await import('../db/seed');
  const config = env();

  const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  await migrateDb(handle);
  const empty = await isDatabaseEmpty(handle.db);
  if (empty && config.WEGOV_DEMO) {
    if (!config.secretKey) throw new Error('NEXTAUTH_SECRET or WEGOV_SECRET_KEY is required');
    say('Empty database: seeding the demo data…');
    await seedDemo(handle.db, { secretKey: config.secretKey, inquiries: true });
  } else if (empty) {
    await seedRegions(handle.db);
  }

  const mounts: Array<{ prefix: string; handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void }> = [];
  let simulatorLine = '';
  if (config.simulatorEnabled && !config.WECHAT_API_BASE) {
    const { mountDemoSimulator } = await import('./lib/demo-simulator');
    mounts.push(await mountDemoSimulator({ db: handle.db, secretKey: config.secretKey! }));
    simulatorLine = `  WeChat simulator: ${config.baseUrl}/dev/wechat (API at ${config.wechatApiBase})`;
  }

  const { startPortalServer } = await import('../lib/server/portal-server');
  const server = await startPortalServer({ dev, host: config.HOST, port: config.PORT, db: async () => handle.db, mounts });
  // The outbox worker (lib/jobs) delivers staff replies to WeChat from this process too.
  const { startOutbox } = await import('../lib/jobs/run');
  const { apiConfigFromEnv } = await import('../lib/wechat/api/config');
  const stopOutbox = startOutbox({ db: handle.db, config: apiConfigFromEnv() });
  // Daily domain-proof checks and pinyin search text for renamed accounts (lib/directory).
  const { startDirectoryTasks } = await import('../lib/directory/tasks');
  const directoryTasks = startDirectoryTasks({ db: handle.db });
  // Day-before event reminders (lib/events/tasks.ts): idempotent, one per registration.
  const { startEventTasks } = await import('../lib/events/tasks');
  const eventTasks = startEventTasks({ db: handle.db });

  say('');
  say(`WeGov is running at ${config.baseUrl}`);
  say(`  Database: ${handle.describe}${empty && config.WEGOV_DEMO ? ' (demo data seeded)' : ''}`);
  if (simulatorLine) say(simulatorLine);
  if (config.WEGOV_DEMO) {
    say(`  Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_LOGINS.map((l) => l.email).join(', ')}`);
  }
  say('');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    await server.close();
    directoryTasks.stop();
    eventTasks.stop();
    await stopOutbox();
    await closeSharedDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // A failed migration or a taken port must stop the process, not leave a server answering
  // 500 everywhere (STACK-NOTES trap 5).
  process.stderr.write(`WeGov failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
