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

type TagRow = { id: number; name: string; accountId: string };

export type InboxPage =
  | { kind: 'list'; query: InboxQuery; accounts: AccountAccess[]; tags: TagRow[]; page: Page<InboxRow> }
  | { kind: 'search'; query: InboxQuery; accounts: AccountAccess[]; tags: TagRow[]; page: Page<SearchHit> };

/** Who may see what: the parsed query, the staff member's accounts, and those the list covers. */
export interface InboxScope {
  query: InboxQuery;
  /** Every account the staff member belongs to (the filters offer them). */
  all: AccountAccess[];
  /** The accounts listed or searched: all of them, or the one `account` names. */
  scoped: AccountAccess[];
}

/**
 * The access decision alone, before anything is loaded: an `account` filter naming an account
 * the staff member does not belong to (or none at all) is null — a 404, audited
 * (docs/reliability.md F1). The page decides it before it streams anything, so the 404 is the
 * response's status and not a not-found body under a 200 (app/admin/inbox/(list)/page.tsx).
 */
export async function inboxScope(args: { db: Db; staff: Staff; searchParams: Record<string, unknown>; ip?: string | null }): Promise<InboxScope | null> {
  // A NUL in a parameter would reach PostgreSQL, which refuses it in text (docs/reliability.md
  // §2.2); the portal server refuses such URLs already, this is the line for direct callers.
  const single = (v: unknown) => {
    const value = Array.isArray(v) ? v[0] : v;
    return typeof value === 'string' ? value.replaceAll('\0', '') : value;
  };
  const query = InboxQuery.parse(Object.fromEntries(Object.entries(args.searchParams).map(([k, v]) => [k, single(v)])));
  const all = await listAccountsForStaff(args.db, args.staff, 'inbox.read');
  if (!query.account) return { query, all, scoped: all };
  const access = await accountForStaff({ db: args.db, staff: args.staff, slug: query.account, action: 'inbox.read', ip: args.ip });
  return access ? { query, all, scoped: [access] } : null;
}

/** The list or the search results for a scope `inboxScope` allowed. */
export async function loadInboxFor(args: { db: Db; staff: Staff; scope: InboxScope }): Promise<InboxPage> {
  const { query, all, scoped } = args.scope;
  const accountIds = scoped.map((a) => a.account.id);
  const tagRows: TagRow[] = all.length
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

/**
 * The inbox for one staff member: the accounts come from the gate (an `account` filter naming
 * an account they do not belong to is a 404, audited), search and list are limited to them.
 */
export async function loadInbox(args: { db: Db; staff: Staff; searchParams: Record<string, unknown>; ip?: string | null }): Promise<InboxPage | null> {
  const scope = await inboxScope(args);
  return scope ? loadInboxFor({ db: args.db, staff: args.staff, scope }) : null;
}
