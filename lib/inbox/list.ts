import { escapeLike } from '../sql/escape-like';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rowsOf } from '../jobs/outbox';

export const INBOX_SCOPES = ['all', 'mine', 'unassigned'] as const;
export const INBOX_STATUSES = ['active', 'open', 'pending', 'resolved', 'any'] as const;
export type InboxScope = (typeof INBOX_SCOPES)[number];
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export interface InboxFilter {
  scope: InboxScope;
  status: InboxStatus;
  tagId?: number | null;
}

export interface InboxRow {
  id: number;
  accountId: string;
  accountName: string;
  accountSlug: string;
  followerId: number;
  openid: string;
  displayName: string | null;
  /** What staff call the citizen (lib/inbox/display.ts names them). */
  remark: string | null;
  status: 'open' | 'pending' | 'resolved';
  assigneeId: string | null;
  assigneeName: string | null;
  lastMessageAt: Date;
  unreadCount: number;
  preview: string;
  dueAt: Date | null;
  firstResponseAt: Date | null;
  overdue: boolean;
}

export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

/**
 * The inbox list: conversations of the given accounts, newest activity first, keyset-paginated
 * on (last_message_at, id) so page 1,000 costs what page 1 does (docs/inbox.md, bench figures).
 * One LATERAL scan per account walks conversations_account_activity_idx and stops after `limit`
 * rows; the merge over accounts then sorts at most accounts × limit rows. `accountIds` must come
 * from the access gate (lib/auth/access), never from the request.
 */
export async function listConversations(args: {
  db: Db;
  accountIds: string[];
  staffId: string;
  filter: InboxFilter;
  cursor?: string | null;
  limit?: number;
  now?: Date;
}): Promise<Page<InboxRow>> {
  const limit = Math.min(Math.max(args.limit ?? 30, 1), 100);
  if (args.accountIds.length === 0) return { rows: [], nextCursor: null };
  const cursor = decodeCursor(args.cursor);
  const now = (args.now ?? new Date()).toISOString();
  const where: SQL[] = [sql`c.account_id = acc.id`];
  switch (args.filter.status) {
    case 'active':
      where.push(sql`c.status <> 'resolved'`);
      break;
    case 'any':
      break;
    default:
      where.push(sql`c.status = ${args.filter.status}::conversation_status`);
  }
  if (args.filter.scope === 'mine') where.push(sql`c.assignee_id = ${args.staffId}::uuid`);
  if (args.filter.scope === 'unassigned') where.push(sql`c.assignee_id is null`);
  if (args.filter.tagId) {
    where.push(sql`exists (select 1 from follower_tags ft where ft.follower_id = c.follower_id and ft.tag_id = ${args.filter.tagId})`);
  }
  if (cursor) where.push(sql`(c.last_message_at, c.id) < (${cursor.at}::timestamptz, ${cursor.id}::bigint)`);
  const ids = sql.join(args.accountIds.map((id) => sql`${id}::uuid`), sql`, `);
  const result = await args.db.execute(sql`
    select c.id, c.account_id, a.name as account_name, a.slug as account_slug, c.follower_id, f.openid, f.display_name, f.remark,
      c.status, c.assignee_id, u.name as assignee_name, c.last_message_at, c.unread_count, c.preview, c.due_at,
      c.first_response_at,
      (c.first_response_at is null and c.status <> 'resolved' and c.due_at < ${now}::timestamptz) as overdue
    from unnest(array[${ids}]) as acc(id)
    cross join lateral (
      select * from conversations c
      where ${sql.join(where, sql` and `)}
      order by c.last_message_at desc nulls last, c.id desc nulls last
      limit ${limit + 1}
    ) c
    join followers f on f.id = c.follower_id
    join accounts a on a.id = c.account_id
    left join users u on u.id = c.assignee_id
    order by c.last_message_at desc nulls last, c.id desc nulls last
    limit ${limit + 1}`);
  const rows = rowsOf<Record<string, unknown>>(result).map(toInboxRow);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: more && last ? encodeCursor(last.lastMessageAt, last.id) : null };
}

function toInboxRow(r: Record<string, unknown>): InboxRow {
  return {
    id: Number(r.id),
    accountId: String(r.account_id),
    accountName: String(r.account_name),
    accountSlug: String(r.account_slug),
    followerId: Number(r.follower_id),
    openid: String(r.openid),
    displayName: (r.display_name as string | null) ?? null,
    remark: (r.remark as string | null) ?? null,
    status: r.status as InboxRow['status'],
    assigneeId: (r.assignee_id as string | null) ?? null,
    assigneeName: (r.assignee_name as string | null) ?? null,
    lastMessageAt: toDate(r.last_message_at)!,
    unreadCount: Number(r.unread_count),
    preview: String(r.preview ?? ''),
    dueAt: toDate(r.due_at),
    firstResponseAt: toDate(r.first_response_at),
    overdue: r.overdue === true || r.overdue === 't',
  };
}

/** Raw rows carry timestamps as strings (postgres.js through drizzle) or Dates (PGlite). */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Opaque to clients; a forged cursor is just a position, still limited to the gated accounts. */
export function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): { at: string; id: number } | null {
  if (!cursor || cursor.length > 100) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^\d{1,16}$/.test(id) || Number.isNaN(Date.parse(at))) return null;
  return { at: new Date(at).toISOString(), id: Number(id) };
}

export interface SearchHit {
  messageId: number;
  conversationId: number;
  accountName: string;
  openid: string;
  displayName: string | null;
  remark: string | null;
  content: string;
  createdAt: Date;
  direction: 'inbound' | 'outbound';
}

/**
 * Message text search: ILIKE '%q%' served by the trigram GIN index on messages.content
 * (custom migration inbox_search), newest first, keyset-paginated on id.
 */
export async function searchMessages(args: { db: Db; accountIds: string[]; q: string; before?: number | null; limit?: number }): Promise<Page<SearchHit>> {
  const limit = Math.min(Math.max(args.limit ?? 30, 1), 100);
  const q = args.q.trim().slice(0, 100);
  if (args.accountIds.length === 0 || q === '') return { rows: [], nextCursor: null };
  const pattern = `%${escapeLike(q)}%`;
  const ids = sql.join(args.accountIds.map((id) => sql`${id}::uuid`), sql`, `);
  // MATERIALIZED: matches come from the trigram index first, then get sorted. Left to itself the
  // planner may walk messages_pkey backwards hoping to meet 30 matches early, which reads the
  // whole table when the accounts have none (2 s at a million rows; docs/inbox.md).
  const result = await args.db.execute(sql`
    with hits as materialized (
      select m.id, m.conversation_id, m.account_id, m.follower_id, m.content, m.created_at, m.direction
      from messages m
      where m.content ilike ${pattern} and m.account_id in (${ids}) and m.conversation_id is not null
        ${args.before ? sql`and m.id < ${args.before}` : sql``}
    )
    select h.id, h.conversation_id, a.name as account_name, f.openid, f.display_name, f.remark, h.content, h.created_at, h.direction
    from (select * from hits order by id desc limit ${limit + 1}) h
    join accounts a on a.id = h.account_id
    join followers f on f.id = h.follower_id
    order by h.id desc`);
  const rows = rowsOf<Record<string, unknown>>(result).map((r) => ({
    messageId: Number(r.id),
    conversationId: Number(r.conversation_id),
    accountName: String(r.account_name),
    openid: String(r.openid),
    displayName: (r.display_name as string | null) ?? null,
    remark: (r.remark as string | null) ?? null,
    content: String(r.content ?? ''),
    createdAt: toDate(r.created_at)!,
    direction: r.direction as SearchHit['direction'],
  }));
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { rows: page, nextCursor: more ? String(page[page.length - 1]!.messageId) : null };
}

/**
 * What the live poll compares: newest activity and the unread count across the accounts, plus,
 * for an open conversation, its newest message, in-flight deliveries and notes (the timeline shows them). Cheap by design (index
 * probes only) because every open inbox tab runs it every few seconds, in every process.
 */
export async function inboxActivity(args: { db: Db; accountIds: string[]; conversationId?: number | null }): Promise<{ signature: string; unread: number }> {
  if (args.accountIds.length === 0) return { signature: 'none', unread: 0 };
  const ids = sql.join(args.accountIds.map((id) => sql`${id}::uuid`), sql`, `);
  const result = await args.db.execute(sql`
    select
      (select max(x.at) from unnest(array[${ids}]) as acc(id)
        cross join lateral (select last_message_at as at from conversations c where c.account_id = acc.id order by last_message_at desc nulls last limit 1) x) as latest,
      (select count(*) from conversations c where c.account_id in (${ids}) and c.unread_count > 0 and c.status <> 'resolved') as unread
      ${
        args.conversationId
          ? sql`, (select concat(max(m.id), ':', count(*) filter (where m.delivery_state in ('queued', 'sending', 'waiting_for_citizen')), ':', count(*) filter (where m.delivery_state in ('failed', 'unknown')), ':',
              (select count(*) from conversation_notes n where n.conversation_id = ${args.conversationId}))
            from messages m where m.conversation_id = ${args.conversationId}) as convo`
          : sql``
      }`);
  const row = rowsOf<Record<string, unknown>>(result)[0] ?? {};
  const latest = toDate(row.latest)?.toISOString() ?? '';
  const unread = Number(row.unread ?? 0);
  return { signature: `${latest}|${unread}|${String(row.convo ?? '')}`, unread };
}
