import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts } from '../../db/schema';

/** Departments a question may be referred to: verified, official, enabled, not this account. */
export async function directoryTargets(db: Db, fromAccountId: string): Promise<Array<{ slug: string; name: string }>> {
  return db
    .select({ slug: accounts.slug, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.verified, true), eq(accounts.flaggedImpostor, false), isNull(accounts.disabledAt), ne(accounts.id, fromAccountId)))
    .orderBy(asc(accounts.name));
}
