import { prepareRuntimeEnv } from './lib/runtime-env';

/**
 * `npm run worker`: the outbox worker alone (no web server), for running extra workers or
 * separating them from the web processes. Any number may run against one database; jobs are
 * claimed with FOR UPDATE SKIP LOCKED. Embedded PGlite cannot be shared between processes, so
 * this needs DATABASE_URL (PostgreSQL); with PGlite the worker runs inside `npm start`.
 */
prepareRuntimeEnv();

async function main(): Promise<void> {
  const { env } = await import('../lib/env');
  const { sharedDb, closeSharedDb } = await import('../db/client');
  const { migrateDb } = await import('../db/migrate');
  const { startOutbox } = await import('../lib/jobs/run');
  const { apiConfigFromEnv } = await import('../lib/wechat/api/config');
  const config = env();
  if (!config.DATABASE_URL) throw new Error('npm run worker needs DATABASE_URL (PGlite is embedded in `npm start`, which runs its own worker)');
  const handle = await sharedDb(() => ({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  await migrateDb(handle);
  const stop = startOutbox({ db: handle.db, config: apiConfigFromEnv() });
  process.stdout.write(`Outbox worker running against ${handle.describe} (WeChat API ${config.wechatApiBase})\n`);
  const shutdown = async (signal: string) => {
    process.stdout.write(`${signal}: stopping the worker…\n`);
    await stop();
    await closeSharedDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
