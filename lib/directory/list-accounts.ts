import { asc, desc, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';

/** Public fields only: credentials never leave lib for the directory. */
export async function listDirectoryAccounts(db: Db) {
  return db
    .select({
      slug: accounts.slug,
      name: accounts.name,
      wechatId: accounts.wechatId,
      type: accounts.type,
      category: accounts.category,
      regionCode: accounts.regionCode,
      department: accounts.department,
      description: accounts.description,
      verified: accounts.verified,
    })
    .from(accounts)
    .where(isNull(accounts.disabledAt))
    .orderBy(desc(accounts.verified), asc(accounts.name));
}
