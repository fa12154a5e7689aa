import { sql } from 'drizzle-orm';
import { accounts, regions } from '../../db/schema';
import { followerTotalColumn } from '../followers/count';
import { followerBand, type FollowerBand } from './follower-band';

/**
 * The public face of an account: what the directory, the API and the account page may show.
 * Credentials, tokens and quota settings never get past this projection.
 */
export const publicAccountColumns = {
  id: accounts.id,
  slug: accounts.slug,
  name: accounts.name,
  wechatId: accounts.wechatId,
  originalId: accounts.originalId,
  type: accounts.type,
  category: accounts.category,
  regionCode: accounts.regionCode,
  regionName: regions.name,
  regionNameEn: regions.nameEn,
  regionParentCode: regions.parentCode,
  department: accounts.department,
  description: accounts.description,
  avatarUrl: accounts.avatarUrl,
  followUrl: accounts.followUrl,
  verified: accounts.verified,
  verifiedBy: accounts.verifiedBy,
  verifiedAt: accounts.verifiedAt,
  verificationMethod: accounts.verificationMethod,
  verificationDomain: accounts.verificationDomain,
  verificationEvidence: accounts.verificationEvidence,
  flaggedImpostor: accounts.flaggedImpostor,
  // One follower figure for the directory and the staff dashboard (lib/followers/count.ts).
  followerCount: followerTotalColumn,
  updatedAt: accounts.updatedAt,
};

export interface AccountRow {
  id: string;
  slug: string;
  name: string;
  wechatId: string | null;
  originalId: string | null;
  type: 'subscription' | 'service';
  category: (typeof accounts.category.enumValues)[number];
  regionCode: string | null;
  regionName: string | null;
  regionNameEn: string | null;
  regionParentCode: string | null;
  department: string | null;
  description: string;
  avatarUrl: string | null;
  followUrl: string | null;
  verified: boolean;
  verifiedBy: string | null;
  verifiedAt: Date | null;
  verificationMethod: 'wechat_certified' | 'domain' | 'manual' | null;
  verificationDomain: string | null;
  verificationEvidence: string | null;
  flaggedImpostor: boolean;
  followerCount: number;
  updatedAt: Date;
}

export interface PublicAccount {
  id: string;
  slug: string;
  name: string;
  wechatId: string | null;
  originalId: string | null;
  type: 'subscription' | 'service';
  category: AccountRow['category'];
  region: { code: string; name: string; nameEn: string; parentCode: string | null } | null;
  department: string | null;
  description: string;
  /**
   * The account's WeChat avatar (head image) as registered: citizens compare it with the one
   * WeChat shows. Null when none is on record (see `avatarFor` for the demo's).
   */
  avatarUrl: string | null;
  /** Official only when verified and never flagged: a flagged impostor is never official. */
  official: boolean;
  verification: {
    method: NonNullable<AccountRow['verificationMethod']>;
    by: string | null;
    at: Date | null;
    domain: string | null;
    evidence: string | null;
  } | null;
  flaggedImpostor: boolean;
  followerBand: FollowerBand;
  followUrl: string | null;
  updatedAt: Date;
}

export function toPublicAccount(row: AccountRow): PublicAccount {
  const official = row.verified && !row.flaggedImpostor;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    wechatId: row.wechatId,
    originalId: row.originalId,
    type: row.type,
    category: row.category,
    region:
      row.regionCode && row.regionName
        ? { code: row.regionCode, name: row.regionName, nameEn: row.regionNameEn ?? row.regionName, parentCode: row.regionParentCode }
        : null,
    department: row.department,
    description: row.description,
    avatarUrl: row.avatarUrl,
    official,
    verification:
      official && row.verificationMethod
        ? { method: row.verificationMethod, by: row.verifiedBy, at: row.verifiedAt, domain: row.verificationDomain, evidence: row.verificationEvidence }
        : null,
    flaggedImpostor: row.flaggedImpostor,
    followerBand: followerBand(row.followerCount),
    followUrl: row.followUrl,
    updatedAt: row.updatedAt,
  };
}

/** Accounts citizens may see: disabled ones are gone from every public surface. */
export const listedAccount = sql`${accounts.disabledAt} is null`;
