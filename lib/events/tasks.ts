import type { Db } from '../../db/client';
import { errorFields, log } from '../log';
import { sendDueReminders } from './reminders';

const REMINDER_SCAN_MS = 10 * 60_000;

/**
 * Events' background work inside the app process: the day-before reminder scan every ten
 * minutes. Unref'd, so it never holds the process open; idempotent (unique notice keys), so
 * several processes scanning at once still remind each registration once.
 */
export function startEventTasks(args: { db: Db; intervalMs?: number }): { stop(): void } {
  const scan = async () => {
    try {
      const queued = await sendDueReminders({ db: args.db });
      if (queued) log.info('events.reminders_queued', { queued });
    } catch (error) {
      log.error('events.reminders_failed', errorFields(error));
    }
  };
  const first = setTimeout(() => void scan(), 30_000);
  const timer = setInterval(() => void scan(), args.intervalMs ?? REMINDER_SCAN_MS);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
