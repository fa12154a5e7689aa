import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, regions } from '../../db/schema';
import { findLookalikeOf, type LookalikeMatch } from './lookalike';
import { escapeLike, normalizeQuery } from './normalize';
import { publicAccountColumns, toPublicAccount, type AccountRow, type PublicAccount } from './public-account';

export type VerifyStatus = 'official' | 'not_official' | 'unknown';

export interface VerifyResult {
  query: string;
  status: VerifyStatus;
  official: boolean;
  /** The account the name or id belongs to, when we know it (official or not). */
  account: PublicAccount | null;
  /** For a non-official or unknown name: the official account it looks like, to follow instead. */
  lookalikeOf: LookalikeMatch | null;
}

/**
 * "Is this account official?" for a name, WeChat id or original id (gh_…). Only an exact match
 * on a verified, unflagged account is official; a listed unverified or flagged account is
 * not official; anything else is unknown. A look-alike is never official, however close its
 * name (中山市公安局 is the department behind 平安中山, not an account of it).
 */
export async function verifyAccount(args: { db: Db; q: string }): Promise<VerifyResult> {
  const q = normalizeQuery(args.q);
  const compact = q.replace(/\s+/g, '');
  if (!compact) return { query: q, status: 'unknown', official: false, account: null, lookalikeOf: null };
  const rows = await args.db
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(
      and(
        isNull(accounts.disabledAt),
        or(
          sql`lower(${accounts.wechatId}) = ${compact}`,
          sql`lower(${accounts.originalId}) = ${compact}`,
          sql`${accounts.searchText} like ${`%${escapeLike(q)}%`}`,
        ),
      ),
    )
    .limit(50);
  const exact = rows
    .filter(
      (row) =>
        normalizeQuery(row.name).replace(/\s+/g, '') === compact ||
        row.wechatId?.toLowerCase() === compact ||
        row.originalId?.toLowerCase() === compact,
    )
    .map((row) => toPublicAccount(row as AccountRow));
  const official = exact.find((a) => a.official);
  if (official) return { query: q, status: 'official', official: true, account: official, lookalikeOf: null };
  const listed = exact[0] ?? null;
  const lookalikeOf = await findLookalikeOf({ db: args.db, name: listed?.name ?? args.q, excludeAccountId: listed?.id });
  return { query: q, status: listed ? 'not_official' : 'unknown', official: false, account: listed, lookalikeOf };
}
