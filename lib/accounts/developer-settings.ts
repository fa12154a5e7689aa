import type { Account } from '../../db/schema';
import { openStored, type SecretKeys } from '../crypto/secret-box';
import { openWebhookCredentials } from '../crypto/credentials';
import { recordAudit } from '../audit/record';
import { staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { accountGate } from './commands';
import { runSelfTest, type SelfTestReport } from './self-test';

/**
 * What the developer page may know about an account's WeChat settings: the AppID and the mode,
 * and of each secret only whether it is set. The page and its form defaults are built from this
 * alone, so no secret can reach the browser — not even inside the RSC payload.
 */
export interface DeveloperSettingsView {
  appId: string | null;
  appSecretSet: boolean;
  tokenSet: boolean;
  encodingAesKeySet: boolean;
  /** While the previous EncodingAESKey still opens pushes. */
  previousKeyValidUntil: Date | null;
  messageMode: Account['messageMode'];
  /** What to paste into WeChat's 「服务器地址(URL)」. */
  serverUrl: string;
}

export function developerSettingsView(account: Account, publicOrigin: string, now = new Date()): DeveloperSettingsView {
  const graceLeft = account.previousEncodingAesKey !== null && account.previousKeyValidUntil !== null && account.previousKeyValidUntil > now;
  return {
    appId: account.appId,
    appSecretSet: account.appSecretEncrypted !== null,
    tokenSet: account.token !== null,
    encodingAesKeySet: account.encodingAesKey !== null,
    previousKeyValidUntil: graceLeft ? account.previousKeyValidUntil : null,
    messageMode: account.messageMode,
    serverUrl: webhookUrl(publicOrigin, account.slug),
  };
}

export function webhookUrl(publicOrigin: string, slug: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/api/wechat/${slug}`;
}

/** The self-test runs with configuration only: keys to open the secrets, our origin, WeChat's API base. */
export interface SelfTestContext extends CommandContext {
  keys: SecretKeys;
  webhookBase: string;
  apiBase: string;
  fetch?: typeof fetch;
}

export const selfTestCommand = staffCommand<'accounts.self_test', SelfTestReport, SelfTestContext>(
  'accounts.self_test',
  async (ctx): Promise<CommandResult<SelfTestReport>> => {
    const access = await accountGate(ctx, ctx.action);
    if (!access) return { ok: false, notFound: true };
    const row = access.account;
    let report: SelfTestReport;
    if (!row.token || !row.appId) {
      report = { ok: false, steps: (['verify_url', 'push', 'access_token'] as const).map((step) => ({ step, ok: false, cause: 'missing_credentials' as const })) };
    } else {
      const opened = openWebhookCredentials({ token: row.token, encodingAesKey: row.encodingAesKey, previousEncodingAesKey: null }, ctx.keys);
      report = await runSelfTest({
        slug: row.slug,
        credentials: {
          token: opened.token,
          appId: row.appId,
          originalId: row.originalId,
          mode: row.messageMode,
          encodingAesKeys: opened.encodingAesKey ? [opened.encodingAesKey] : [],
        },
        appSecret: row.appSecretEncrypted ? openStored(row.appSecretEncrypted, ctx.keys) : null,
        webhookBase: ctx.webhookBase,
        apiBase: ctx.apiBase,
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      });
    }
    await recordAudit({
      db: ctx.db,
      action: 'account.self_test',
      actorId: ctx.staff.id,
      accountId: row.id,
      entityType: 'account',
      entityId: row.id,
      detail: { slug: row.slug, ok: report.ok, failed: report.steps.filter((s) => !s.ok).map((s) => `${s.step}:${s.cause}`) },
      ip: ctx.ip ?? null,
    });
    return { ok: true, data: report };
  },
);
