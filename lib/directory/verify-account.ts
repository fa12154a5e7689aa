import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
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
  /**
   * Every listed account with exactly this name, WeChat id or original id, officials first: a
   * name is not unique in WeChat, so a citizen must tell them apart by WeChat id and original id.
   */
  matches: PublicAccount[];
  /** For a non-official or unknown name: the official account it looks like, to follow instead. */
  lookalikeOf: LookalikeMatch | null;
  /**
   * For a listed account that is not official and looks like no official one: what the city has
   * instead — official accounts of the same category there (none: the directory has no verified
   * one yet), and then the city's own government accounts to turn to meanwhile.
   */
  sameKind: SameKind | null;
}

export interface SameKind {
  category: PublicAccount['category'];
  city: { code: string; name: string; nameEn: string };
  officials: PublicAccount[];
  cityGovernment: PublicAccount[];
}

/** Official (verified, never flagged, listed) accounts. */
const officialOnly = and(isNull(accounts.disabledAt), eq(accounts.verified, true), eq(accounts.flaggedImpostor, false));

/** The city an account belongs to: its region, or the region's parent when that is a district. */
async function cityOf(db: Db, regionCode: string): Promise<SameKind['city'] | null> {
  const [region] = await db.select().from(regions).where(eq(regions.code, regionCode));
  if (!region) return null;
  if (region.level !== 'district' || !region.parentCode) return { code: region.code, name: region.name, nameEn: region.nameEn };
  const [city] = await db.select().from(regions).where(eq(regions.code, region.parentCode));
  return city ? { code: city.code, name: city.name, nameEn: city.nameEn } : null;
}

async function officialsIn(db: Db, args: { city: string; category: PublicAccount['category']; withDistricts: boolean; limit: number }): Promise<PublicAccount[]> {
  const inCity = args.withDistricts
    ? sql`(${accounts.regionCode} = ${args.city} or ${accounts.regionCode} in (select ${regions.code} from ${regions} where ${regions.parentCode} = ${args.city}))`
    : eq(accounts.regionCode, args.city);
  const rows = await db
    .select(publicAccountColumns)
    .from(accounts)
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(officialOnly, eq(accounts.category, args.category), inCity))
    .orderBy(desc(accounts.followerCount), accounts.slug)
    .limit(args.limit);
  return rows.map((row) => toPublicAccount(row as AccountRow));
}

async function sameKindOf(db: Db, account: PublicAccount): Promise<SameKind | null> {
  if (!account.region) return null;
  const city = await cityOf(db, account.region.code);
  if (!city) return null;
  const officials = await officialsIn(db, { city: city.code, category: account.category, withDistricts: true, limit: 3 });
  const cityGovernment =
    officials.length === 0 && account.category !== 'government'
      ? await officialsIn(db, { city: city.code, category: 'government', withDistricts: false, limit: 1 })
      : [];
  return { category: account.category, city, officials, cityGovernment };
}

/**
 * "Is this account official?" for a name, WeChat id or original id (gh_…). Only an exact match
 * on a verified, unflagged account is official; a listed unverified or flagged account is
 * not official; anything else is unknown. A look-alike is never official, however close its
 * name: 中山市公安局 is the name of a department, and in the demo an account an officer opened
 * under it on his own, never verified. When a non-official account looks like no official one,
 * the result says what its city has instead (`sameKind`) — possibly nothing yet.
 */
export async function verifyAccount(args: { db: Db; q: string }): Promise<VerifyResult> {
  const q = normalizeQuery(args.q);
  const compact = q.replace(/\s+/g, '');
  if (!compact) return { query: q, status: 'unknown', official: false, account: null, matches: [], lookalikeOf: null, sameKind: null };
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
    .map((row) => toPublicAccount(row as AccountRow))
    .sort((a, b) => Number(b.official) - Number(a.official) || a.slug.localeCompare(b.slug));
  const official = exact.find((a) => a.official);
  if (official) return { query: q, status: 'official', official: true, account: official, matches: exact, lookalikeOf: null, sameKind: null };
  const listed = exact[0] ?? null;
  const lookalikeOf = await findLookalikeOf({ db: args.db, name: listed?.name ?? args.q, excludeAccountId: listed?.id });
  const sameKind = listed && !lookalikeOf ? await sameKindOf(args.db, listed) : null;
  return { query: q, status: listed ? 'not_official' : 'unknown', official: false, account: listed, matches: exact, lookalikeOf, sameKind };
}
