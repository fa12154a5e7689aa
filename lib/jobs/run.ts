import type { Db } from '../../db/client';
import { log } from '../log';
import type { WechatApiConfig } from '../wechat/api/client';
import { outboxHandlers } from './handlers';
import { startWorker } from './worker';

/**
 * Starts the outbox worker in this process (inside `npm start`, or alone with `npm run worker`)
 * and returns a stop function that lets the current batch finish.
 */
export function startOutbox(args: { db: Db; config: WechatApiConfig; pollMs?: number }): () => Promise<void> {
  const controller = new AbortController();
  const running = startWorker({ db: args.db, handlers: outboxHandlers(args.config), pollMs: args.pollMs ?? 1_000, signal: controller.signal });
  log.info('jobs.worker_started', { pollMs: args.pollMs ?? 1_000 });
  return async () => {
    controller.abort();
    await running;
  };
}
