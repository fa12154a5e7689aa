import { asc, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { tags } from '../../db/schema';
import { accountForStaff, listAccountsForStaff, type AccountAccess, type Staff } from '../auth/access';
import { INBOX_SCOPES, INBOX_STATUSES, listConversations, searchMessages, type InboxRow, type Page, type SearchHit } from './list';

const InboxQuery = z.object({
  scope: z.enum(INBOX_SCOPES).catch('all'),
  status: z.enum(INBOX_STATUSES).catch('active'),
  account: z.string().max(100).optional().catch(undefined),
  tag: z.coerce.number().int().positive().optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
  cursor: z.string().max(100).optional().catch(undefined),
});

export type InboxQuery = z.infer<typeof InboxQuery>;

export type InboxPage =
  | { kind: 'list'; query: InboxQuery; accounts: AccountAccess[]; tags: Array<{ id: number; name: string; accountId: string }>; page: Page<InboxRow> }
  | { kind: 'search'; query: InboxQuery; accounts: AccountAccess[]; tags: Array<{ id: number; name: string; accountId: string }>; page: Page<SearchHit> };

/**
 * The inbox for one staff member: the accounts come from the gate (an `account` filter naming
 * an account they do not belong to is a 404, audited), search and list are limited to them.
 */
export async function loadInbox(args: { db: Db; staff: Staff; searchParams: Record<string, unknown>; ip?: string | null }): Promise<InboxPage | null> {
  const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const query = InboxQuery.parse(Object.fromEntries(Object.entries(args.searchParams).map(([k, v]) => [k, single(v)])));
  const all = await listAccountsForStaff(args.db, args.staff);
  let scoped = all;
  if (query.account) {
    const access = await accountForStaff({ db: args.db, staff: args.staff, slug: query.account, ip: args.ip });
    if (!access) return null;
    scoped = [access];
  }
  const accountIds = scoped.map((a) => a.account.id);
  const tagRows = all.length
    ? await args.db
        .select({ id: tags.id, name: tags.name, accountId: tags.accountId })
        .from(tags)
        .where(inArray(tags.accountId, all.map((a) => a.account.id)))
        .orderBy(asc(tags.name))
    : [];
  if (query.q && query.q.trim() !== '') {
    const before = query.cursor && /^\d{1,16}$/.test(query.cursor) ? Number(query.cursor) : null;
    const page = await searchMessages({ db: args.db, accountIds, q: query.q, before });
    return { kind: 'search', query, accounts: all, tags: tagRows, page };
  }
  const page = await listConversations({
    db: args.db,
    accountIds,
    staffId: args.staff.id,
    filter: { scope: query.scope, status: query.status, tagId: query.tag ?? null },
    cursor: query.cursor,
  });
  return { kind: 'list', query, accounts: all, tags: tagRows, page };
}
