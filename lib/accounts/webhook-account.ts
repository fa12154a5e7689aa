import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, autoReplyRules } from '../../db/schema';
import type { ReplyRule } from '../auto-reply/choose-reply';
import { toReplyRule } from '../auto-reply/rules';
import { configuredSecretKeys, openWebhookCredentials } from '../crypto/credentials';
import type { SecretKeys } from '../crypto/secret-box';
import { inquiryServiceOf } from '../service/calendar';
import type { InquiryService } from '../service/first-answer';
import type { WebhookCredentials } from '../wechat/inbound';

export interface WebhookAccount {
  id: string;
  slug: string;
  credentials: WebhookCredentials;
  rules: ReplyRule[];
  /** Office hours, calendar, service targets and case prefix (docs/citizen-service.md). */
  service: InquiryService;
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
  const service = await inquiryServiceOf(db, account);
  const inGrace = Boolean(account.previousKeyValidUntil && account.previousKeyValidUntil > now);
  const opened = openWebhookCredentials(
    { token: account.token, encodingAesKey: account.encodingAesKey, previousEncodingAesKey: inGrace ? account.previousEncodingAesKey : null },
    keys,
  );
  const aesKeys = [opened.encodingAesKey, opened.previousEncodingAesKey].filter((k): k is string => Boolean(k));
  return {
    id: account.id,
    slug: account.slug,
    credentials: {
      token: opened.token,
      appId: account.appId,
      originalId: account.originalId,
      mode: account.messageMode,
      encodingAesKeys: aesKeys,
    },
    // Regex keywords are compiled here, once per cache fill (lib/auto-reply/rules.ts).
    rules: rules.map(toReplyRule),
    service,
  };
}

/**
 * Bumped by every account edit in this process (forgetWebhookAccounts), so the edit reaches
 * this process's webhook at once. Kept on globalThis: Next's server bundle and the portal's
 * own node:http server (lib/server/webhook-http.ts) load this module as two copies.
 */
const GENERATION = Symbol.for('wegov.webhookAccountGeneration');
const store = globalThis as { [GENERATION]?: number };
const generation = () => store[GENERATION] ?? 0;

/** Drops every cached webhook account of this process; the account commands call it after a change. */
export function forgetWebhookAccounts(): void {
  store[GENERATION] = generation() + 1;
}

/**
 * Another process sees an edit when its entry expires: the edit reaches every process within
 * TTL + one read (docs/admin.md "Accounts": within a second). 800 ms costs one account read per
 * slug and process every 0.8 s — nothing beside a push's own insert — and bench:webhook, whose
 * pushes all hit one slug, does not move (README has the figures).
 */
export const WEBHOOK_ACCOUNT_TTL_MS = 800;

export interface WebhookAccountCacheOptions {
  ttlMs?: number;
  /** ms since the epoch; tests pass their own clock. */
  now?: () => number;
  load?: (db: Db, slug: string) => Promise<WebhookAccount | null>;
}

/**
 * A short-lived per-process cache in front of loadWebhookAccount. The webhook is the hot path
 * and the account row changes rarely; an edit made in this process clears it at once, one made
 * in another process shows after at most the TTL. Nothing two processes must agree on lives
 * here: it is a read cache of rows.
 */
export function createWebhookAccountCache(options: WebhookAccountCacheOptions = {}) {
  const ttlMs = options.ttlMs ?? WEBHOOK_ACCOUNT_TTL_MS;
  const now = options.now ?? Date.now;
  const load = options.load ?? ((db: Db, slug: string) => loadWebhookAccount(db, slug));
  const entries = new Map<string, { at: number; generation: number; value: Promise<WebhookAccount | null> }>();
  return {
    get(db: Db, slug: string): Promise<WebhookAccount | null> {
      const at = now();
      const hit = entries.get(slug);
      if (hit && at - hit.at < ttlMs && hit.generation === generation()) return hit.value;
      const value = load(db, slug);
      entries.set(slug, { at, generation: generation(), value });
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
