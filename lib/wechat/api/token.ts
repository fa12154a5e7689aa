import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { accessTokens } from '../../../db/schema';
import { configuredSecretKeys } from '../../crypto/credentials';
import { openStored, sealSecret, type SecretKeys } from '../../crypto/secret-box';
import { WechatApiCallError, classifyErrcode } from './errors';
import type { WechatTransport } from './transport';

/** Refresh a little before WeChat's expiry so no call goes out with a token about to die. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/** One refresh per account per process at a time; other processes wait on the advisory lock. */
const inflight = new Map<string, Promise<string>>();

export interface TokenSource {
  accountId: string;
  appId: string;
  appSecret: string;
}

/**
 * The account's access_token, from the database cache (access_tokens), refreshed by exactly one
 * caller across every process (docs/reliability.md J1, J2, R12): a per-process single flight, then a
 * per-account `pg_advisory_xact_lock`; whoever gets the lock second finds the fresh row and does
 * not call WeChat. `rejected` is a token WeChat just refused (40001/42001): a cached row holding
 * that very token is treated as stale. Uses `stable_token` in normal mode, which hands every
 * caller the same valid token instead of invalidating the previous one (docs/wechat-protocol.md §6.1); no
 * force_refresh (20 a day), so a bad secret cannot burn the quota.
 *
 * The cached token is sealed at rest like the account's other credentials (lib/crypto/secret-box.ts,
 * docs/reliability.md J13), with `keys` (default: the environment's).
 */
export async function accessToken(args: {
  db: Db;
  source: TokenSource;
  transport: WechatTransport;
  rejected?: string;
  now?: () => Date;
  keys?: SecretKeys;
}): Promise<string> {
  const now = args.now ?? (() => new Date());
  const keys = args.keys ?? configuredSecretKeys();
  const cached = await readUsable(args.db, args.source.accountId, args.rejected, now(), keys);
  if (cached) return cached;
  const key = `${args.source.accountId}:${args.rejected ?? ''}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = refresh(args, now, keys).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

async function readUsable(db: Db, accountId: string, rejected: string | undefined, now: Date, keys: SecretKeys): Promise<string | null> {
  const [row] = await db.select().from(accessTokens).where(eq(accessTokens.accountId, accountId)).limit(1);
  if (!row || row.expiresAt.getTime() - EXPIRY_MARGIN_MS <= now.getTime()) return null;
  let token: string;
  try {
    // A legacy plain-text row reads as is; the next refresh (or the reseal) writes it sealed.
    token = openStored(row.token, keys);
  } catch {
    // Sealed under a key no longer configured: a cache miss, which the refresh overwrites.
    return null;
  }
  return token === rejected ? null : token;
}

async function refresh(
  args: { db: Db; source: TokenSource; transport: WechatTransport; rejected?: string },
  now: () => Date,
  keys: SecretKeys,
): Promise<string> {
  const { source } = args;
  return args.db.transaction(async (tx) => {
    // Held until commit; the lock id is derived from the account so accounts never wait on each other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`wechat-token:${source.accountId}`}, 0))`);
    const fresh = await readUsable(tx as unknown as Db, source.accountId, args.rejected, now(), keys);
    if (fresh) return fresh;
    const answer = await args.transport.request({
      method: 'POST',
      path: '/cgi-bin/stable_token',
      body: { grant_type: 'client_credential', appid: source.appId, secret: source.appSecret, force_refresh: false },
    });
    const token = typeof answer.access_token === 'string' ? answer.access_token : null;
    const expiresIn = typeof answer.expires_in === 'number' ? answer.expires_in : null;
    if (!token || !expiresIn) {
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : -1;
      // A token error on the token endpoint itself means the secret is wrong: not retryable.
      const kind = classifyErrcode(errcode);
      throw new WechatApiCallError({
        kind: kind === 'token' ? 'permanent' : kind,
        errcode,
        message: `stable_token refused: ${String(answer.errmsg ?? 'no token in answer').slice(0, 200)}`,
      });
    }
    const expiresAt = new Date(now().getTime() + expiresIn * 1000);
    const sealed = sealSecret(token, keys);
    await tx
      .insert(accessTokens)
      .values({ accountId: source.accountId, token: sealed, expiresAt, refreshedAt: now() })
      .onConflictDoUpdate({ target: accessTokens.accountId, set: { token: sealed, expiresAt, refreshedAt: now() } });
    return token;
  });
}

/** Tests: forget in-flight refreshes between cases. */
export function resetTokenFlightsForTests(): void {
  inflight.clear();
}
