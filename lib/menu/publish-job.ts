import { eq } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import type { JobHandler } from '../jobs/worker';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { toWechatMenu, storedMenu } from './model';

/** The outbox job that publishes a menu (`menu/create`), payload `{ menu }`: the draft as it was when staff pressed publish. */
export const MENU_PUBLISH_JOB = 'wechat.menu.create';

/**
 * Sends the menu to WeChat and, once WeChat accepted it, records it as the account's published
 * menu (accounts.menu, in WeChat's own JSON, which the directory's search and the simulator's
 * phone read) with the time. `menu/create` replaces the whole menu, so a repeat after a crash is
 * harmless. A refusal (a limit WeChat enforces that we did not, an account type without menus)
 * fails the job with WeChat's code, which the menu page shows.
 */
export function menuPublishHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const menu = storedMenu((job.payload as { menu?: unknown }).menu);
      if (!menu || !job.accountId) return { status: 'failed', error: 'no menu in the job' };
      const body = toWechatMenu(menu);
      try {
        const api = await wechatApiFor({ db, accountId: job.accountId, config });
        await api.call({ method: 'POST', path: '/cgi-bin/menu/create', body });
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        if (error.kind === 'transient' || error.kind === 'quota') return { status: 'retry', error: `${error.code}: ${error.message}` };
        return { status: 'failed', error: `${error.code}: ${error.message}` };
      }
      await db.update(accounts).set({ menu: body, menuPublishedAt: new Date() }).where(eq(accounts.id, job.accountId));
      return { status: 'done' };
    },
    async onLeaseExpired() {
      return 'retry';
    },
  };
}
