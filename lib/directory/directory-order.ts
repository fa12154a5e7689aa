import { and, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rowsOf } from '../../db/rows';
import { accounts } from '../../db/schema';
import { listedAccount } from './public-account';

/**
 * The directory's result order within a rank: official accounts first, then more followers,
 * then slug. These are the columns of `accounts_directory_order_idx`
 * (db/migrations/0004_directory_national_scale.sql) and must be spelled exactly like it.
 */
export const unverified: SQL<number> = sql<number>`(case when ${accounts.verified} and not ${accounts.flaggedImpostor} then 0 else 1 end)`;
export const negFollowers: SQL<number> = sql<number>`(-${accounts.followerCount})`;
const directoryOrder = sql`${unverified}, ${negFollowers}, ${accounts.slug}`;

/**
 * A first look along the order index reads this many rows per page asked for, so it answers
 * any part with at least one match in 25 accounts. Measured at 200,000 accounts: 10 left
 * parts of 5–10 % (a pinyin syllable, a topic keyword, a menu word) to a candidate read of
 * 2,001 rows and a walk, 5–15 ms each; 25 costs about 0.7 ms more for a rare term; 50 more again.
 */
export const LOOK_AHEAD = 25;

/**
 * Above this many matches a part counts as "common" and is read by walking the order index;
 * at or below, its matches are read from their own index and sorted. Reading k candidates costs
 * about k rows; walking costs about page × accounts / matches rows. The worst cases of the two
 * meet near √(21 × accounts): ~2,000 at 200,000 accounts, which is where this sits.
 */
export const CANDIDATE_CAP = 2000;

export interface OrderedPart {
  /** Parts come out in this order, each in the directory order within. */
  rank: number;
  /** What an account must satisfy; every condition here must be answerable by an index. */
  match: SQL[];
  /**
   * The same test for rows met on a walk of the order index, when a cheaper form exists (a
   * LIKE instead of computing a row's grams). Defaults to `match`.
   */
  scan?: SQL[];
  /** `unverified = 0/1` (official only / unofficial only): the order index's first column. */
  unverified?: 0 | 1;
  /** Resume after this position (a keyset cursor within this part). */
  after?: [unverified: number, negFollowers: number, slug: string];
  /** How many this part may contribute, when not the call's `limit`. */
  limit?: number;
  /**
   * Where to read candidates from when `match` is a test on another table (an account having
   * a keyword): `from` must name the account columns `accounts`, e.g. keyword rows then each
   * rule's account through a lateral lookup, so the read starts from the other table's index
   * and stops at the cap. An account may come more than once.
   */
  candidates?: { from: SQL; where: SQL[] };
}

export interface DirectoryHits {
  /** `(…) as hits` with columns `rank` and `id`, for the caller's final select. */
  hits: SQL;
  /** What the final select orders by: part, then the directory order. */
  orderBy: SQL[];
}

/**
 * The first `limit` accounts of each part in the directory order, without reading a whole
 * common part or walking the whole index for a rare one, whatever the planner estimates.
 *
 * Left to the planner this went wrong both ways at 200,000 accounts: a prefix estimated at
 * 2,040 rows (actually 167) walked the order index for 40 ms, and a pinyin fragment estimated
 * at 25 rows (actually 17,000) read and sorted them all for 75 ms. So, per part, in one
 * statement:
 *
 * a. Look at the first LOOK_AHEAD × limit accounts along the order index (one look for all
 *    parts that start at the same place). A part with a page among them (平安, a single letter)
 *    is answered; so is every part of a small directory, where this reads everything.
 * b. Otherwise read at most CANDIDATE_CAP + 1 candidates from the part's own indexes; a part
 *    with no more than that is answered by sorting them. No walk of another index can stand in
 *    for this read (one that stops at the limit only if matches are common): the order index
 *    is not partial and the official test is written on the columns, so the only indexes with
 *    anything to offer are the part's own, and sequential scans are off (preferIndex).
 * c. The rest (more than CANDIDATE_CAP matches, so at least one in accounts / CANDIDATE_CAP)
 *    walk the order index until their page is full, their tests hidden from the planner inside
 *    `coalesce` so a walk is the only plan.
 *
 * Each step after the first runs only when the one before did not answer (a one-time filter on
 * the previous step's counts, so the skipped scans are never started). With `onePage`, the parts
 * share one page, and a part is not read at all once the parts before it have filled it (平安:
 * rank 1 fills the page from the look, so ranks 2 and 3 read nothing). Build the caller's select
 * by joining `hits` and ordering by `orderBy`, and run it inside withPublicQuerySettings with
 * `preferIndex`.
 */
export function directoryHits(parts: OrderedPart[], limit: number, options: { onePage?: boolean } = {}): DirectoryHits {
  const orderBy = [sql`hits.rank`, unverified, negFollowers, sql`${accounts.slug}`];
  const pageOf = (part: OrderedPart) => part.limit ?? limit;
  const official = (part: OrderedPart) =>
    part.unverified === undefined
      ? []
      : [part.unverified === 0 ? sql`(${accounts.verified} and not ${accounts.flaggedImpostor})` : sql`not (${accounts.verified} and not ${accounts.flaggedImpostor})`];
  const seek = (part: OrderedPart) => [
    ...(part.unverified === undefined ? [] : [sql`${unverified} = ${part.unverified}`]),
    ...(part.after ? [sql`(${directoryOrder}) > (${part.after[0]}, ${part.after[1]}, ${part.after[2]})`] : []),
  ];
  const scanTest = (part: OrderedPart) => sql`coalesce(${and(...(part.scan ?? part.match))}, false)`;
  const rank = (part: OrderedPart) => sql.raw(String(part.rank));
  const walk = (part: OrderedPart, gates: SQL[]) =>
    sql`(select ${rank(part)} as rank, ${accounts.id} as id from ${accounts}
      where ${and(...gates, listedAccount, ...seek(part), ...(part.match.length ? [scanTest(part)] : []))}
      order by ${directoryOrder} limit ${pageOf(part)})`;

  // Parts that start from the same place share one look along the index (usually all of them;
  // a cursor's part starts after the cursor).
  const looks = new Map<string, { name: SQL; tests: SQL[]; part: OrderedPart; length: number }>();
  const lookOf = (part: OrderedPart) => looks.get(`${part.unverified ?? ''}|${JSON.stringify(part.after ?? null)}`)!;
  for (const [i, part] of parts.entries()) {
    if (!part.match.length) continue;
    const from = `${part.unverified ?? ''}|${JSON.stringify(part.after ?? null)}`;
    const look = looks.get(from) ?? { name: sql.raw(`a${looks.size}`), tests: [], part, length: 0 };
    look.tests.push(sql`${scanTest(part)} as ${sql.raw(`ok${i}`)}`);
    look.length = Math.max(look.length, pageOf(part) * LOOK_AHEAD);
    looks.set(from, look);
  }
  const ctes: SQL[] = [...looks.values()].map(
    ({ name, tests, part, length }) => sql`${name} as materialized (select ${accounts.id} as id, ${unverified} as u, ${negFollowers} as nf, ${accounts.slug} as slug, ${sql.join(tests, sql`, `)}
      from ${accounts} where ${and(listedAccount, ...seek(part))} order by ${directoryOrder} limit ${length})`,
  );
  const found: SQL[] = [];
  for (const [i, part] of parts.entries()) {
    const page = pageOf(part);
    const hits = sql.raw(`h${i}`);
    // One page for all parts: read this one only while the ones before have not filled it.
    const open = options.onePage && found.length ? [sql`(${sql.join(found.map((h) => sql`(select count(*) from ${h})`), sql` + `)}) < ${page}`] : [];
    found.push(hits);
    if (!part.match.length) {
      // Nothing to test (the whole directory, or all official accounts): that is a walk.
      ctes.push(sql`${hits} as materialized ${walk(part, open)}`);
      continue;
    }
    const { name: look, length } = lookOf(part);
    const [ok, seen, b, counted] = ['ok', 's', 'b', 'c'].map((x) => sql.raw(`${x}${i}`)) as [SQL, SQL, SQL, SQL];
    const answeredByLook = sql`(select found >= ${page} or looked < ${length} from ${seen})`;
    const source = part.candidates ?? { from: sql`${accounts}`, where: part.match };
    const after = part.after ? sql`and (u, nf, slug) > (${part.after[0]}, ${part.after[1]}, ${part.after[2]})` : sql``;
    const candidates = part.candidates ? sql`(select distinct id, u, nf, slug from ${b}) as ${b}` : b;
    ctes.push(
      sql`${seen} as materialized (select count(*) as looked, count(*) filter (where ${ok}) as found from ${look})`,
      sql`${b} as materialized (select ${accounts.id} as id, ${unverified} as u, ${negFollowers} as nf, ${accounts.slug} as slug
        from ${source.from} where ${and(...open, sql`not ${answeredByLook}`, listedAccount, ...official(part), ...source.where)} limit ${CANDIDATE_CAP + 1})`,
      sql`${counted} as materialized (select count(*) as n from ${b})`,
      sql`${hits} as materialized (
        (select ${rank(part)} as rank, id from ${look} where ${and(...open, answeredByLook, ok)} order by u, nf, slug limit ${page})
        union all
        (select ${rank(part)} as rank, id from ${candidates} where ${and(...open, sql`(select n <= ${CANDIDATE_CAP} from ${counted})`)} ${after} order by u, nf, slug limit ${page})
        union all
        ${walk(part, [...open, sql`(select n > ${CANDIDATE_CAP} from ${counted})`])})`,
    );
  }
  const body = sql.join(
    found.map((h) => sql`(select rank, id from ${h})`),
    sql` union all `,
  );
  return { hits: sql`(with ${sql.join(ctes, sql`, `)} ${body}) as hits`, orderBy };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement, for the benchmark's report. */
export async function explainLines(tx: Db, statement: SQL): Promise<string[]> {
  const rows = rowsOf<Record<string, unknown>>(await tx.execute(sql`explain (analyze, buffers, costs off, timing off, summary on) ${statement}`));
  return rows.map((row) => String(row['QUERY PLAN']));
}
