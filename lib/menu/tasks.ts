import type { Db } from '../../db/client';
import { errorFields, log } from '../log';
import { recheckAllMenuLinks } from './link-report';

const RECHECK_MS = 6 * 3600_000;

/**
 * Re-checks every published menu's links every six hours (docs/admin.md "Menu"), so a link that
 * broke after publishing shows on the menu page. Unref'd timers; several processes checking at
 * once only repeat the work (the report is overwritten with the same facts).
 */
export function startMenuTasks(args: { db: Db; intervalMs?: number }): { stop(): void } {
  const check = async () => {
    try {
      const summary = await recheckAllMenuLinks({ db: args.db });
      if (summary.accounts) log.info('menu.links_checked', summary);
    } catch (error) {
      log.error('menu.links_check_failed', errorFields(error));
    }
  };
  const first = setTimeout(() => void check(), 120_000);
  const timer = setInterval(() => void check(), args.intervalMs ?? RECHECK_MS);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
