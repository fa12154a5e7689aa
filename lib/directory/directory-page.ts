import { z } from 'zod';
import type { Db } from '../../db/client';
import { lookalikesFor, type LookalikeMatch } from './lookalike';
import { MAX_QUERY_LENGTH } from './normalize';
import type { PublicAccount } from './public-account';
import { searchByNeed, type NeedMatch } from './search-needs';
import { ACCOUNT_CATEGORIES, InvalidCursorError, listRegions, searchAccounts, suggestAccounts } from './search-accounts';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * The directory page's URL parameters. A page never answers 400: an over-long query is cut to
 * the limit and unknown filter values are ignored, so a mangled shared link still shows results.
 */
export const DirectoryParams = z.object({
  q: z.preprocess(first, z.string().trim().optional().catch(undefined)).transform((v) => v?.slice(0, MAX_QUERY_LENGTH) || undefined),
  region: z.preprocess(first, z.string().regex(/^\d{6,12}$/).optional().catch(undefined)),
  category: z.preprocess(first, z.enum(ACCOUNT_CATEGORIES).optional().catch(undefined)),
  cursor: z.preprocess(first, z.string().max(300).optional().catch(undefined)),
});
export type DirectoryParams = z.infer<typeof DirectoryParams>;

export interface DirectoryPageData {
  accounts: PublicAccount[];
  nextCursor: string | null;
  invalidCursor: boolean;
  needs: NeedMatch[];
  lookalikes: Map<string, LookalikeMatch>;
  suggestions: Array<{ slug: string; name: string }>;
  regions: Awaited<ReturnType<typeof listRegions>>;
  categories: readonly string[];
}

/** Everything `/` shows, in as few round trips as the answers allow. */
export async function loadDirectoryPage(args: DirectoryParams & { db: Db; now?: Date }): Promise<DirectoryPageData> {
  const { db } = args;
  const [search, needs, regions] = await Promise.all([
    searchAccounts({ db, q: args.q, region: args.region, category: args.category, cursor: args.cursor, limit: 20 }).catch((error: unknown) => {
      if (error instanceof InvalidCursorError) return null;
      throw error;
    }),
    args.q && !args.cursor ? searchByNeed({ db, q: args.q, now: args.now }) : Promise.resolve([]),
    listRegions(db),
  ]);
  const accounts = search?.items ?? [];
  const [lookalikes, suggestions] = await Promise.all([
    lookalikesFor({ db, accounts }),
    search && accounts.length === 0 && args.q ? suggestAccounts({ db, q: args.q }) : Promise.resolve([]),
  ]);
  return {
    accounts,
    nextCursor: search?.nextCursor ?? null,
    invalidCursor: search === null,
    needs,
    lookalikes,
    suggestions,
    regions,
    categories: ACCOUNT_CATEGORIES.filter((c) => c !== 'other'),
  };
}
