import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, autoReplyRules } from '../../db/schema';
import type { ReplyRule } from '../auto-reply/choose-reply';
import { toReplyRule } from '../auto-reply/rules';
import { configuredSecretKeys, openWebhookCredentials } from '../crypto/credentials';
import type { SecretKeys } from '../crypto/secret-box';
import type { WebhookCredentials } from '../wechat/inbound';

export interface WebhookAccount {
  id: string;
  slug: string;
  serviceTargetHours: number;
  credentials: WebhookCredentials;
  rules: ReplyRule[];
}

/**
 * Reads what the webhook needs about one account: credentials (current and, during a key
 * rotation's grace period, previous EncodingAESKey) and its auto-reply rules. The credentials are
 * sealed at rest (lib/crypto/credentials.ts) and opened here, once per read — the cache below
 * makes that once per fill, never once per push. `keys` defaults to the environment's.
 */
export async function loadWebhookAccount(
  db: Db,
  slug: string,
  now = new Date(),
  keys: SecretKeys = configuredSecretKeys(),
): Promise<WebhookAccount | null> {
  const [account] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.slug, slug), isNull(accounts.disabledAt)))
    .limit(1);
  if (!account || !account.token || !account.appId) return null;
  const rules = await db
    .select()
    .from(autoReplyRules)
    .where(and(eq(autoReplyRules.accountId, account.id), eq(autoReplyRules.enabled, true)))
    .orderBy(asc(autoReplyRules.priority), asc(autoReplyRules.id));
  const inGrace = Boolean(account.previousKeyValidUntil && account.previousKeyValidUntil > now);
  const opened = openWebhookCredentials(
    { token: account.token, encodingAesKey: account.encodingAesKey, previousEncodingAesKey: inGrace ? account.previousEncodingAesKey : null },
    keys,
  );
  const aesKeys = [opened.encodingAesKey, opened.previousEncodingAesKey].filter((k): k is string => Boolean(k));
  return {
    id: account.id,
    slug: account.slug,
    serviceTargetHours: account.serviceTargetHours,
    credentials: {
      token: opened.token,
      appId: account.appId,
      originalId: account.originalId,
      mode: account.messageMode,
      encodingAesKeys: aesKeys,
    },
    // Regex keywords are compiled here, once per cache fill (lib/auto-reply/rules.ts).
    rules: rules.map(toReplyRule),
  };
}

/**
 * A short-lived per-process cache in front of loadWebhookAccount. The webhook is the hot path
 * and the account row changes rarely; a few seconds of staleness after an edit is harmless
 * (WeChat itself applies a mode switch "immediately", and a retry arrives seconds later). Nothing
 * two processes must agree on lives here: it is a read cache of rows, with a TTL.
 */
export function createWebhookAccountCache(ttlMs = 5_000) {
  const entries = new Map<string, { at: number; value: Promise<WebhookAccount | null> }>();
  return {
    get(db: Db, slug: string): Promise<WebhookAccount | null> {
      const now = Date.now();
      const hit = entries.get(slug);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = loadWebhookAccount(db, slug);
      entries.set(slug, { at: now, value });
      // A failed read (database down) must not be remembered.
      value.catch(() => entries.delete(slug));
      if (entries.size > 10_000) entries.delete(entries.keys().next().value as string);
      return value;
    },
    clear(): void {
      entries.clear();
    },
  };
}
