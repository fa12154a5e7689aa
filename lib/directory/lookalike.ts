import { escapeLike } from '../sql/escape-like';
import { distance } from 'fastest-levenshtein';
import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, lookalikeReviews, regions } from '../../db/schema';
import { fullPinyin, simplify, withoutNul } from './normalize';
import { withPublicQuerySettings } from './public-query';
import { publicAccountColumns, toPublicAccount, type AccountRow, type PublicAccount } from './public-account';

/**
 * Impostor accounts copy an official one's name with a twist (平安肇庆服务 for 平安肇庆), use the
 * department's own name (肇庆市公安局 for 平安肇庆), or swap a character that sounds the same. Each
 * signal scores 0–1; at LOOKALIKE_THRESHOLD or above the unverified account is shown with a
 * warning that points to the official one. An unverified account can also imitate no official
 * account at all — the demo's 中山市公安局 and 平安中山, opened by officers on their own while
 * Zhongshan's police has no verified account — and then there is nothing to point to
 * (verify-account.ts says what the city has instead).
 */
export const LOOKALIKE_THRESHOLD = 0.7;

export type LookalikeReason = 'same_name' | 'department_name' | 'contains_name' | 'edit_distance' | 'same_sound' | 'shared_characters';

export interface OfficialName {
  name: string;
  department: string | null;
}

function fold(text: string): string {
  return simplify(withoutNul(text).normalize('NFKC')).toLowerCase().replace(/\s+/g, '');
}

export function lookalikeScore(candidateName: string, official: OfficialName): { score: number; reason: LookalikeReason | null } {
  const a = fold(candidateName);
  const b = fold(official.name);
  const d = official.department ? fold(official.department) : '';
  if (!a || !b) return { score: 0, reason: null };
  if (a === b) return { score: 1, reason: 'same_name' };
  if (d && d.length >= 3 && (a === d || a.includes(d) || (a.length >= 3 && d.includes(a)))) return { score: 0.95, reason: 'department_name' };
  if (Math.min(a.length, b.length) >= 2 && (a.includes(b) || b.includes(a))) return { score: 0.9, reason: 'contains_name' };
  const longest = Math.max(a.length, b.length);
  if (longest >= 3 && distance(a, b) / longest <= 0.34) return { score: 0.8, reason: 'edit_distance' };
  const pa = fullPinyin(a);
  const pb = fullPinyin(b);
  if (pa && pb && pa.length >= 6 && distance(pa, pb) / Math.max(pa.length, pb.length) <= 0.2) return { score: 0.75, reason: 'same_sound' };
  const sa = new Set(a);
  const sb = new Set(b);
  const shared = [...sa].filter((c) => sb.has(c)).length;
  if (shared >= 3 && shared / Math.min(sa.size, sb.size) >= 0.75) return { score: 0.7, reason: 'shared_characters' };
  return { score: 0, reason: null };
}

/** Two-character pieces of a name: enough overlap to be worth scoring, and cheap to prefilter. */
function pieces(text: string): string[] {
  const folded = fold(text);
  if (folded.length <= 2) return folded ? [folded] : [];
  const out = new Set<string>();
  for (let i = 0; i + 2 <= folded.length && out.size < 12; i++) out.add(folded.slice(i, i + 2));
  return [...out];
}

export interface LookalikeMatch {
  official: PublicAccount;
  score: number;
  reason: LookalikeReason;
}

/** The official account a name most looks like, if any reaches the threshold. */
export async function findLookalikeOf(args: { db: Db; name: string; excludeAccountId?: string }): Promise<LookalikeMatch | null> {
  const parts = pieces(args.name);
  if (parts.length === 0) return null;
  const like = (column: SQL | typeof accounts.name) => parts.map((p) => sql`lower(${column}) like ${`%${escapeLike(p)}%`}`);
  const rows = await withPublicQuerySettings(args.db, (tx) => tx
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(
      and(
        isNull(accounts.disabledAt),
        eq(accounts.verified, true),
        eq(accounts.flaggedImpostor, false),
        args.excludeAccountId ? sql`${accounts.id} <> ${args.excludeAccountId}` : undefined,
        or(...like(accounts.name), ...like(sql`coalesce(${accounts.department}, '')`)),
      ),
    )
    .limit(300));
  let best: LookalikeMatch | null = null;
  let bestFollowers = -1;
  for (const row of rows) {
    const { score, reason } = lookalikeScore(args.name, row);
    if (!reason || score < LOOKALIKE_THRESHOLD) continue;
    // On a tie, the bigger account is the one an impostor most likely imitates.
    if (!best || score > best.score || (score === best.score && row.followerCount > bestFollowers)) {
      best = { official: toPublicAccount(row as AccountRow), score, reason };
      bestFollowers = row.followerCount;
    }
  }
  return best;
}

/** Look-alikes for several unverified accounts at once (directory result pages). */
export async function lookalikesFor(args: { db: Db; accounts: Array<{ id: string; name: string; official: boolean }> }): Promise<Map<string, LookalikeMatch>> {
  const out = new Map<string, LookalikeMatch>();
  // A page shows at most a few unofficial accounts; cap the work anyway.
  for (const account of args.accounts.filter((a) => !a.official).slice(0, 10)) {
    const match = await findLookalikeOf({ db: args.db, name: account.name, excludeAccountId: account.id });
    if (match) out.set(account.id, match);
  }
  return out;
}

export interface LookalikePair {
  account: PublicAccount;
  official: PublicAccount;
  score: number;
  reason: LookalikeReason;
}

/** Pairs for platform admins to review: unverified accounts that look like official ones, not yet decided. */
export async function listLookalikePairs(args: { db: Db; limit?: number }): Promise<LookalikePair[]> {
  const rows = await args.db
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(isNull(accounts.disabledAt), eq(accounts.verified, false), eq(accounts.flaggedImpostor, false)))
    .orderBy(accounts.name)
    .limit(args.limit ?? 100);
  const reviewed = rows.length
    ? await args.db
        .select({ accountId: lookalikeReviews.accountId, officialAccountId: lookalikeReviews.officialAccountId })
        .from(lookalikeReviews)
        .where(inArray(lookalikeReviews.accountId, rows.map((r) => r.id)))
    : [];
  const decided = new Set(reviewed.map((r) => `${r.accountId}:${r.officialAccountId}`));
  const pairs: LookalikePair[] = [];
  for (const row of rows) {
    const match = await findLookalikeOf({ db: args.db, name: row.name, excludeAccountId: row.id });
    if (match && !decided.has(`${row.id}:${match.official.id}`)) {
      pairs.push({ account: toPublicAccount(row as AccountRow), official: match.official, score: match.score, reason: match.reason });
    }
  }
  return pairs;
}

