import { and, asc, eq, gt, isNotNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accessTokens, accounts } from '../../db/schema';
import { currentSealPrefix, resealStored, type SecretKeys } from './secret-box';

/**
 * Brings every credential at rest under the current key (docs/reliability.md J13): legacy plain
 * text is sealed, values under the previous key (or the key-id-less v1 format) are re-sealed,
 * values already under the current key are not touched — so a second run changes nothing.
 *
 * Resumable: rows are walked by id in small batches and each row is written on its own, only if
 * its value is still the one read (a concurrent writer, e.g. a token refresh, wins). Rows already
 * done are filtered out in SQL by their `v2.<current key id>.` prefix, so an interrupted run
 * continues where it stopped and a run with nothing to do reads no rows. What no configured key
 * opens is counted and left alone for accounts; a cached access token that cannot be opened is
 * deleted (it is a cache: the next API call fetches a new one, lib/wechat/api/token.ts).
 */

const ACCOUNT_COLUMNS = ['appSecretEncrypted', 'token', 'encodingAesKey', 'previousEncodingAesKey'] as const;
type AccountColumn = (typeof ACCOUNT_COLUMNS)[number];

export interface ResealCounts {
  /** Legacy plain text, now sealed. */
  sealed: number;
  /** Sealed under another (previous) key or in the old v1 format, now under the current key. */
  resealed: number;
  /** Opened by no configured key; left as is (access tokens: deleted). */
  unreadable: number;
  /** Changed by someone else between read and write; the next run looks again. */
  skipped: number;
}

export type ResealReport = Record<`accounts.${AccountColumn}` | 'access_tokens.token', ResealCounts>;

const BATCH = 200;

const zero = (): ResealCounts => ({ sealed: 0, resealed: 0, unreadable: 0, skipped: 0 });

/** `column` holds a value not yet under the current key. */
function notCurrent(column: AnyColumn, prefix: string): SQL {
  return and(isNotNull(column), sql`left(${column}, ${prefix.length}) <> ${prefix}`)!;
}

export async function resealSecrets(args: { db: Db; keys: SecretKeys }): Promise<ResealReport> {
  const { db, keys } = args;
  const prefix = currentSealPrefix(keys);
  const report = {} as ResealReport;
  for (const c of ACCOUNT_COLUMNS) report[`accounts.${c}`] = zero();
  report['access_tokens.token'] = zero();

  const pending = or(...ACCOUNT_COLUMNS.map((c) => notCurrent(accounts[c], prefix)));
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select({
        id: accounts.id,
        appSecretEncrypted: accounts.appSecretEncrypted,
        token: accounts.token,
        encodingAesKey: accounts.encodingAesKey,
        previousEncodingAesKey: accounts.previousEncodingAesKey,
      })
      .from(accounts)
      .where(and(gt(accounts.id, after), pending))
      .orderBy(asc(accounts.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      for (const c of ACCOUNT_COLUMNS) {
        const value = row[c];
        if (value === null) continue;
        const outcome = resealStored(value, keys);
        if (outcome.kind === 'current') continue;
        if (outcome.kind === 'unreadable') {
          report[`accounts.${c}`].unreadable++;
          continue;
        }
        const written = await db
          .update(accounts)
          .set({ [c]: outcome.value } as Partial<Record<AccountColumn, string>>)
          .where(and(eq(accounts.id, row.id), eq(accounts[c], value)))
          .returning({ id: accounts.id });
        report[`accounts.${c}`][written.length ? outcome.kind : 'skipped']++;
      }
    }
  }

  const tokenCounts = report['access_tokens.token'];
  let afterAccount = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .select({ accountId: accessTokens.accountId, token: accessTokens.token })
      .from(accessTokens)
      .where(and(gt(accessTokens.accountId, afterAccount), notCurrent(accessTokens.token, prefix)))
      .orderBy(asc(accessTokens.accountId))
      .limit(BATCH);
    if (rows.length === 0) break;
    for (const row of rows) {
      afterAccount = row.accountId;
      const outcome = resealStored(row.token, keys);
      if (outcome.kind === 'current') continue;
      const where = and(eq(accessTokens.accountId, row.accountId), eq(accessTokens.token, row.token));
      if (outcome.kind === 'unreadable') {
        const dropped = await db.delete(accessTokens).where(where).returning({ id: accessTokens.accountId });
        tokenCounts[dropped.length ? 'unreadable' : 'skipped']++;
        continue;
      }
      const written = await db.update(accessTokens).set({ token: outcome.value }).where(where).returning({ id: accessTokens.accountId });
      tokenCounts[written.length ? outcome.kind : 'skipped']++;
    }
  }
  return report;
}

/** Totals over every column, for a one-line summary. */
export function resealTotals(report: ResealReport): ResealCounts {
  const total = zero();
  for (const counts of Object.values(report)) {
    total.sealed += counts.sealed;
    total.resealed += counts.resealed;
    total.unreadable += counts.unreadable;
    total.skipped += counts.skipped;
  }
  return total;
}

/**
 * `npm start`, right after its migrations: whatever is still plain text or under the previous
 * key is sealed under the current one before the webhook or the outbox read it, so a rotation is
 * "change the variables, restart" (README, "Rotating the secret key"). Says one line when it did
 * something. An unreadable value does not stop the start — only that account cannot work — and
 * `npm run secrets:reseal` lists the counts per column.
 */
export async function resealAtStart(args: { db: Db; keys: SecretKeys | undefined; say: (line: string) => void }): Promise<void> {
  if (!args.keys) return;
  const total = resealTotals(await resealSecrets({ db: args.db, keys: args.keys }));
  if (total.sealed + total.resealed + total.unreadable === 0) return;
  const unreadable = total.unreadable ? `; ${total.unreadable} open with no configured key (npm run secrets:reseal for details)` : '';
  args.say(`Credentials at rest: ${total.sealed} sealed, ${total.resealed} re-sealed under the current key${unreadable}`);
}
