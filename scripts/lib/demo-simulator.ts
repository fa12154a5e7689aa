import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';
import { loadWebhookAccount } from '../../lib/accounts/webhook-account';
import { openSecret } from '../../lib/crypto/secret-box';
import { createWechatApiHandler, pushJobReportsToWebhooks, WechatApiState } from '../../lib/wechat/simulator';
import { localControlOnly } from '../../lib/wechat/simulator/control-api';

export const SIMULATOR_PREFIX = '/__wechat-sim';

/**
 * The offline demo's fake api.weixin.qq.com, served by the portal's own HTTP server under
 * /__wechat-sim, with every account of the database registered (same appId and secret), so
 * outbound calls made by the product behave as they would against WeChat.
 *
 * Its control API (`/__sim/…`: citizens' openids, staff replies, reset, fault scripts) answers
 * programs on this machine only — the portal's own phone routes and the tests —, never a browser
 * or another machine (`localControlOnly`); the fake WeChat endpoints stay open to the portal's
 * outbox, guarded by the AppSecret as WeChat's are.
 */
export async function mountDemoSimulator(args: { db: Db; secretKey: string; webhookBase?: string }): Promise<{
  prefix: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}> {
  const state = new WechatApiState();
  const register = async () => {
    const rows = await args.db.select().from(accounts).where(isNotNull(accounts.appId));
    for (const row of rows) {
      if (!row.appId || !row.appSecretEncrypted) continue;
      // WeChat, not WeGov, owns an app's secret: an app the simulator already knows (a test app
      // registered through /__sim/apps/new) keeps its own, so a wrong AppSecret typed into the
      // developer settings fails as it would against WeChat instead of being copied over.
      if (state.app(row.appId)) continue;
      let appSecret: string;
      try {
        appSecret = openSecret(row.appSecretEncrypted, args.secretKey);
      } catch {
        continue; // sealed with another key: this account cannot call the API anyway
      }
      state.registerApp({ appId: row.appId, appSecret, accountType: row.type, verified: row.verified });
    }
  };
  await register();
  // Like WeChat, the fake reports finished mass sends and publishes to the account's webhook.
  if (args.webhookBase) {
    const base = args.webhookBase.replace(/\/+$/, '');
    pushJobReportsToWebhooks({
      state,
      webhookOf: async (appId) => {
        const [row] = await args.db.select({ slug: accounts.slug }).from(accounts).where(eq(accounts.appId, appId)).limit(1);
        // The credentials are sealed at rest; opened the way the webhook opens them.
        const account = row ? await loadWebhookAccount(args.db, row.slug) : null;
        return account ? { url: `${base}/api/wechat/${account.slug}`, credentials: account.credentials } : null;
      },
    });
  }
  // WeChat knows every account; the fake learns accounts created after start-up within a minute.
  setInterval(() => void register().catch(() => {}), 60_000).unref();
  return {
    prefix: SIMULATOR_PREFIX,
    handler: createWechatApiHandler(state, { prefix: SIMULATOR_PREFIX, controlGuard: localControlOnly() }),
  };
}
