import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, regions } from '../../db/schema';
import { escapeLike, normalizeQuery } from './normalize';
import { directoryHits, explainLines, type OrderedPart } from './directory-order';
import { withPublicQuerySettings } from './public-query';
import { containsText, nameInner, nameLower, searchTextContains, spellingsRest, wechatIdLower } from './search-text';
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
  /** For the benchmark: also return EXPLAIN (ANALYZE, BUFFERS) of each statement. */
  explain?: boolean;
}

export interface SearchAccountsResult {
  items: PublicAccount[];
  nextCursor: string | null;
  /** The folded query that was searched (traditional → simplified, lower case). */
  normalizedQuery: string;
  explain?: string[];
}

/** Position in the result order; the cursor is this, so paging is keyset, never OFFSET (docs/reliability.md H4). */
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
 * simplified name, pinyin, initials, WeChat id). Exact name or WeChat id matches rank first
 * (0), then name or first-spelling prefixes (1), then names containing the query (2), then
 * pinyin / initials / id matches (3); official and larger accounts first within a rank.
 *
 * Each rank is a part with its own indexed test (docs/directory.md "Search design"), read by
 * `directoryHits`: a rank with few matches from its index and sorted (沙塘: 167 names start
 * with it), a common one by walking the order index until a page is full (平安: 26,000 names
 * start with it). A single "match, then sort by rank" query has to read every match, which at
 * 200,000 accounts is most of the table for a two-character query.
 */
export async function searchAccounts(args: SearchAccountsArgs): Promise<SearchAccountsResult> {
  const { db } = args;
  const limit = Math.min(Math.max(args.limit ?? 20, 1), MAX_PAGE_SIZE);
  const q = args.q ? normalizeQuery(args.q) : '';
  const terms = q ? q.split(' ').filter(Boolean) : [];
  let key: SortKey | null = null;
  if (args.cursor) {
    key = decodeCursor(args.cursor);
    if (!key) throw new InvalidCursorError();
  }

  const parts = (regionCodes: string[] | null): OrderedPart[] => {
    const filters: SQL[] = [];
    if (args.category) filters.push(eq(accounts.category, args.category));
    if (regionCodes) filters.push(inArray(accounts.regionCode, regionCodes));
    const exact = sql`(${nameLower} = ${q} or ${wechatIdLower} = ${q})`;
    const prefix = sql`(${nameLower} like ${`${escapeLike(q)}%`} or ${accounts.searchExtra} like ${`${escapeLike(q)}%`})`;
    // Each rank's own test, then "and none of the ranks before it": every match lands in
    // exactly one part. Ranks 0–2 imply that every term matches (the whole query is in the
    // name or starts the first spelling); rank 3 says it term by term.
    const ranks = (mode: 'index' | 'scan'): SQL[][] =>
      q
        ? [
            [exact],
            [prefix, sql`not ${exact}`],
            [containsText(nameInner, q, mode), sql`not ${exact}`, sql`not ${prefix}`],
            [
              ...(terms.length === 1 ? [containsText(spellingsRest, q, mode)] : terms.map((term) => searchTextContains(term, mode))),
              sql`not ${exact}`,
              sql`not ${prefix}`,
              sql`not (${nameLower} like ${`%${escapeLike(q)}%`})`,
            ],
          ]
        : [[]];
    const scans = ranks('scan');
    return ranks('index').flatMap((tests, rank) =>
      key && rank < key[0]
        ? []
        : [
            {
              rank,
              match: [...filters, ...tests],
              scan: [...filters, ...scans[rank]!],
              ...(args.verified === undefined ? {} : { unverified: args.verified ? 0 : 1 }),
              ...(key && rank === key[0] ? { after: [key[1], key[2], key[3]] as [number, number, string] } : {}),
            },
          ],
    );
  };

  const explain: string[] | undefined = args.explain ? [] : undefined;
  const rows = await withPublicQuerySettings(
    db,
    async (tx) => {
      // A city includes its districts. The codes go in as values, so the planner can tell a
      // district of 30 accounts from a city of 30,000.
      const regionCodes = args.region
        ? [args.region, ...(await tx.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, args.region))).map((r) => r.code)]
        : null;
      const found = directoryHits(parts(regionCodes), limit + 1, { onePage: true });
      const select = tx
        .select({ ...publicAccountColumns, rank: sql<number>`hits.rank` })
        .from(accounts)
        .innerJoin(found.hits, sql`hits.id = ${accounts.id}`)
        .leftJoin(regions, eq(regions.code, accounts.regionCode))
        .orderBy(...found.orderBy)
        .limit(limit + 1);
      if (explain) explain.push(...(await explainLines(tx, sql`${select.getSQL()}`)));
      return select;
    },
    { preferIndex: true },
  );

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor([Number(last.rank), last.verified && !last.flaggedImpostor ? 0 : 1, -last.followerCount, last.slug])
      : null;
  return { items: page.map((row) => toPublicAccount(row as AccountRow)), nextCursor, normalizedQuery: q, ...(explain ? { explain } : {}) };
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
