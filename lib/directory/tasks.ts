import type { Db } from '../../db/client';
import { errorFields, log } from '../log';
import { runDomainVerification } from './domain-proof';
import { refreshSearchText } from './search-text';

const DAY_MS = 86_400_000;
const SEARCH_REFRESH_MS = 10 * 60_000;

/**
 * The directory's background work inside the app process: daily domain proof checks and
 * keeping the pinyin search text in step with renamed accounts. Timers are unref'd so they
 * never hold the process open at shutdown. With several app processes each runs the checks;
 * both jobs are idempotent, so that only repeats work.
 */
export function startDirectoryTasks(args: { db: Db }): { stop(): void } {
  const { db } = args;
  const searchText = async () => {
    try {
      const changed = await refreshSearchText({ db });
      if (changed) log.info('directory.search_text_refreshed', { changed });
    } catch (error) {
      log.error('directory.search_text_failed', errorFields(error));
    }
  };
  const domains = async () => {
    try {
      const summary = await runDomainVerification({ db });
      if (summary.checked) log.info('directory.domains_checked', { ...summary });
    } catch (error) {
      log.error('directory.domains_failed', errorFields(error));
    }
  };
  void searchText();
  const timers = [setInterval(() => void searchText(), SEARCH_REFRESH_MS), setInterval(() => void domains(), DAY_MS)];
  // The first domain check a minute after start, not during it.
  timers.push(setTimeout(() => void domains(), 60_000) as unknown as NodeJS.Timeout);
  for (const timer of timers) timer.unref();
  return {
    stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
