import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, regions } from '../../db/schema';
import { escapeLike, normalizeQuery } from './normalize';
import { withPublicQuerySettings } from './public-query';
import { listedAccount, publicAccountColumns, toPublicAccount, type AccountRow, type PublicAccount } from './public-account';

export type AccountCategory = (typeof accounts.category.enumValues)[number];
export const ACCOUNT_CATEGORIES = accounts.category.enumValues;
export const MAX_PAGE_SIZE = 50;

export interface SearchAccountsArgs {
  db: Db;
  q?: string;
  /** A city includes its districts. */
  region?: string;
  category?: AccountCategory;
  verified?: boolean;
  cursor?: string;
  limit?: number;
  explainOnly?: boolean;
}

export interface SearchAccountsResult {
  items: PublicAccount[];
  nextCursor: string | null;
  /** The folded query that was searched (traditional → simplified, lower case). */
  normalizedQuery: string;
  sql?: { sql: string; params: unknown[] };
}

/** Position in the result order; the cursor is this, so paging is keyset, never OFFSET (H4). */
type SortKey = [rank: number, unverified: number, negFollowers: number, slug: string];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): SortKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 4 &&
      Number.isInteger(value[0]) &&
      Number.isInteger(value[1]) &&
      Number.isInteger(value[2]) &&
      typeof value[3] === 'string' &&
      value[3].length <= 200
    ) {
      return value as SortKey;
    }
  } catch {
    /* a malformed cursor is reported by the caller */
  }
  return null;
}

/**
 * Every whitespace-separated term must appear somewhere in the account's search text (name,
 * simplified name, pinyin, initials, WeChat id): `LIKE '%term%'` on the trigram-indexed
 * generated column. Exact name or WeChat id matches rank first, then name prefixes, then names
 * containing the query, then pinyin / initials / id matches; verified and larger accounts
 * first within a rank.
 */
export async function searchAccounts(args: SearchAccountsArgs): Promise<SearchAccountsResult> {
  const { db } = args;
  const limit = Math.min(Math.max(args.limit ?? 20, 1), MAX_PAGE_SIZE);
  const q = args.q ? normalizeQuery(args.q) : '';
  const terms = q ? q.split(' ').filter(Boolean) : [];

  const rank: SQL<number> = q
    ? sql<number>`(case
        when lower(${accounts.name}) = ${q} or lower(coalesce(${accounts.wechatId}, '')) = ${q} then 0
        when lower(${accounts.name}) like ${`${escapeLike(q)}%`} or ${accounts.searchExtra} like ${`${escapeLike(q)}%`} then 1
        when lower(${accounts.name}) like ${`%${escapeLike(q)}%`} then 2
        else 3 end)`
    : sql<number>`0::int`;
  const unverified = sql<number>`(case when ${accounts.verified} and not ${accounts.flaggedImpostor} then 0 else 1 end)`;
  const negFollowers = sql<number>`(-${accounts.followerCount})`;

  const where: SQL[] = [listedAccount];
  for (const term of terms) where.push(sql`${accounts.searchText} like ${`%${escapeLike(term)}%`}`);
  if (args.category) where.push(eq(accounts.category, args.category));
  if (args.verified !== undefined) {
    where.push(args.verified ? sql`(${accounts.verified} and not ${accounts.flaggedImpostor})` : sql`not (${accounts.verified} and not ${accounts.flaggedImpostor})`);
  }
  if (args.region) {
    where.push(
      sql`(${accounts.regionCode} = ${args.region} or ${accounts.regionCode} in (select ${regions.code} from ${regions} where ${regions.parentCode} = ${args.region}))`,
    );
  }
  if (args.cursor) {
    const key = decodeCursor(args.cursor);
    if (!key) throw new InvalidCursorError();
    where.push(sql`(${rank}, ${unverified}, ${negFollowers}, ${accounts.slug}) > (${key[0]}, ${key[1]}, ${key[2]}, ${key[3]})`);
  }

  const build = (handle: Db) =>
    handle
      .select({ ...publicAccountColumns, rank, unverified })
      .from(accounts)
      .leftJoin(regions, eq(regions.code, accounts.regionCode))
      .where(and(...where))
      .orderBy(rank, unverified, negFollowers, accounts.slug)
      .limit(limit + 1);
  // The benchmark reads the SQL to EXPLAIN it; everyone else runs it.
  if (args.explainOnly) return { items: [], nextCursor: null, normalizedQuery: q, sql: build(db).toSQL() };
  const preferIndex = terms.length > 0 && terms.every((term) => [...term].length >= 3);
  const rows = await withPublicQuerySettings(db, async (tx) => build(tx), { preferIndex });

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor([Number(last.rank), Number(last.unverified), -last.followerCount, last.slug]) : null;
  return { items: page.map((row) => toPublicAccount(row as AccountRow)), nextCursor, normalizedQuery: q };
}

export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/**
 * "Did you mean…" for a query with no results: the closest names by trigram word similarity
 * (`<%` is served by the same GIN index).
 */
export async function suggestAccounts(args: { db: Db; q: string; limit?: number }): Promise<Array<{ slug: string; name: string }>> {
  const q = normalizeQuery(args.q);
  if (!q) return [];
  const rows = await args.db
    .select({ slug: accounts.slug, name: accounts.name })
    .from(accounts)
    .where(and(listedAccount, sql`${q} <% ${accounts.searchText}`, eq(accounts.verified, true), eq(accounts.flaggedImpostor, false)))
    .orderBy(sql`word_similarity(${q}, ${accounts.searchText}) desc`, accounts.slug)
    .limit(args.limit ?? 3);
  return rows;
}

export async function getPublicAccount(args: { db: Db; slug: string }): Promise<PublicAccount | null> {
  const [row] = await args.db
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(listedAccount, eq(accounts.slug, args.slug)))
    .limit(1);
  return row ? toPublicAccount(row as AccountRow) : null;
}

/** Cities and their districts, for the region filter. */
export async function listRegions(db: Db) {
  return db.select().from(regions).orderBy(regions.code);
}
