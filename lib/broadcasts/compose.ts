import { and, asc, desc, eq, gte, inArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { broadcasts, broadcastStatus, events, users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type AccountAccess, type Staff } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { CONTENT_SCHEMAS, LIMITS, MSG_TYPES, type BroadcastContent, type MsgType } from './content';

/**
 * Writing a broadcast (docs/broadcasts.md "Compose"): create and edit while it is a draft or was
 * returned. Editing one that is in review or approved sends it back to draft and opens a new
 * review round, so approvals given to the old text never count for the new one. Anything the
 * sender has taken (scheduled and after) is no longer editable here.
 */
export type BroadcastStatus = (typeof broadcastStatus.enumValues)[number];
export type Broadcast = typeof broadcasts.$inferSelect;

export const BROADCAST_STATUSES = broadcastStatus.enumValues;
/** What compose may still change; from `scheduled` on the broadcast is the sender's. */
export const EDITABLE: readonly BroadcastStatus[] = ['draft', 'returned', 'in_review', 'approved'];

export interface BroadcastAccess extends AccountAccess {
  broadcast: Broadcast;
}

/**
 * The gate for one broadcast: its own account, for `action`. A foreign, unknown or malformed id
 * is null (→ 404), audited by accountForStaff like any refusal.
 */
export async function broadcastForStaff(args: { db: Db; staff: Staff; broadcastId: unknown; action: AccountAction; ip?: string | null }): Promise<BroadcastAccess | null> {
  const id = typeof args.broadcastId === 'number' ? args.broadcastId : typeof args.broadcastId === 'string' && /^\d{1,15}$/.test(args.broadcastId) ? Number(args.broadcastId) : NaN;
  const [row] = Number.isSafeInteger(id) && id > 0 ? await args.db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1) : [];
  // An id we do not have is refused through the same gate as a foreign one: one audit row, one answer.
  const access = await accountForStaff({ db: args.db, staff: args.staff, accountId: row?.accountId ?? '00000000-0000-0000-0000-000000000000', action: args.action, ip: args.ip });
  if (!row || !access) return null;
  return { ...access, broadcast: row };
}

/** The broadcast `id` if it belongs to this account (the page already holds the account's gate). */
export async function broadcastOfAccount(db: Db, accountId: string, id: string): Promise<Broadcast | null> {
  if (!/^\d{1,15}$/.test(id)) return null;
  const [row] = await db.select().from(broadcasts).where(and(eq(broadcasts.id, Number(id)), eq(broadcasts.accountId, accountId))).limit(1);
  return row ?? null;
}

// ── the form ─────────────────────────────────────────────────────────────────────────────

const ARTICLE_FIELDS = ['title', 'author', 'digest', 'coverUrl', 'coverAlt', 'body', 'link'] as const;
const ARTICLE_KEY = /^articles\.([0-7])\.(title|author|digest|coverUrl|coverAlt|body|link)$/;
const CONTENT_KEYS: Record<MsgType, readonly string[]> = { text: ['text'], image: ['imageUrl', 'alt'], news: [] };
const FORM_KEYS = new Set(['title', 'msgType', 'text', 'imageUrl', 'alt']);

/**
 * The compose form as content: `text`; `imageUrl`, `alt`; or `articles.<n>.<field>` for up to
 * eight articles (kept in the order of n). Field names are the content's own paths, so a zod
 * error's path is the name of the field it belongs to.
 */
export function contentFromForm(msgType: MsgType, input: Record<string, unknown>): unknown {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  if (msgType !== 'news') return Object.fromEntries(CONTENT_KEYS[msgType].map((k) => [k, str(k) ?? '']));
  const indexes = [...new Set(Object.keys(input).flatMap((k) => ARTICLE_KEY.exec(k)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
  return { articles: indexes.map((n) => Object.fromEntries(ARTICLE_FIELDS.map((f) => [f, str(`articles.${n}.${f}`) ?? '']))) };
}

/** A title for the list when the author gave none: the first article's, or the text's start. */
export function defaultTitle(value: BroadcastContent): string {
  if (value.msgType === 'news') return value.content.articles[0]!.title;
  if (value.msgType === 'text') return [...value.content.text.replace(/\s+/g, ' ')].slice(0, 30).join('');
  return value.content.alt || 'image';
}

const Head = z.object({
  title: z.string().trim().max(LIMITS.title).default(''),
  msgType: z.enum(MSG_TYPES),
});

type Parsed = { title: string; value: BroadcastContent };

/** Validates the form strictly: only known fields, then the content by its type. */
export function parseComposeForm(input: Record<string, unknown>, idKey: 'account' | 'broadcastId'): { ok: true; data: Parsed } | CommandResult<never> {
  const unknown = Object.keys(input).filter((k) => k !== idKey && !FORM_KEYS.has(k) && !ARTICLE_KEY.test(k));
  if (unknown.length > 0) return { ok: false, fieldErrors: Object.fromEntries(unknown.slice(0, 5).map((k) => [k.slice(0, 60), ['unknown field']])) };
  const head = Head.safeParse({ title: input.title, msgType: input.msgType });
  if (!head.success) return invalidInput(head.error);
  const { msgType } = head.data;
  const content = CONTENT_SCHEMAS[msgType].safeParse(contentFromForm(msgType, input));
  if (!content.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of content.error.issues) {
      const key = issue.path.length ? issue.path.join('.') : 'content';
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return { ok: false, fieldErrors };
  }
  const value = { msgType, content: content.data } as BroadcastContent;
  return { ok: true, data: { title: head.data.title || defaultTitle(value), value } };
}

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

async function audit(ctx: CommandContext, accountId: string, broadcastId: number, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'broadcast', entityId: broadcastId, detail, ip: ctx.ip ?? null });
}

export const createBroadcastCommand = staffCommand('broadcasts.compose', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const input = fields(ctx.input);
  const access = typeof input.account === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: input.account, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = parseComposeForm(input, 'account');
  if (!parsed.ok) return parsed;
  const { title, value } = parsed.data;
  const [row] = await ctx.db
    .insert(broadcasts)
    .values({ accountId: access.account.id, title, msgType: value.msgType, content: value.content, status: 'draft', authorId: ctx.staff.id })
    .returning({ id: broadcasts.id });
  await audit(ctx, access.account.id, row!.id, 'broadcast.create', { msgType: value.msgType });
  return { ok: true, data: { id: row!.id } };
});

export const updateBroadcastCommand = staffCommand('broadcasts.compose', async (ctx): Promise<CommandResult<{ reopened: boolean }>> => {
  const input = fields(ctx.input);
  const access = await broadcastForStaff({ db: ctx.db, staff: ctx.staff, broadcastId: input.broadcastId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = parseComposeForm(input, 'broadcastId');
  if (!parsed.ok) return parsed;
  const before = access.broadcast;
  if (!EDITABLE.includes(before.status)) return { ok: false, error: 'not_editable' };
  // Changing what reviewers saw voids their approvals: back to draft, in a new round.
  const reopened = before.status === 'in_review' || before.status === 'approved';
  const { title, value } = parsed.data;
  const updated = await ctx.db
    .update(broadcasts)
    .set({
      title,
      msgType: value.msgType,
      content: value.content,
      status: 'draft',
      ...(reopened ? { reviewRound: before.reviewRound + 1, reviewLevel: 0, approverId: null } : {}),
      updatedAt: new Date(),
    })
    // Only the state this edit was based on: an approval landing in between makes this a conflict, not a silent overwrite.
    .where(and(eq(broadcasts.id, before.id), eq(broadcasts.status, before.status), eq(broadcasts.reviewRound, before.reviewRound), eq(broadcasts.reviewLevel, before.reviewLevel)))
    .returning({ id: broadcasts.id });
  if (updated.length === 0) return { ok: false, error: 'stale' };
  await audit(ctx, access.account.id, before.id, 'broadcast.update', { msgType: value.msgType, ...(reopened ? { reopened: before.status, round: before.reviewRound + 1 } : {}) });
  return { ok: true, data: { reopened } };
});

// ── reading ──────────────────────────────────────────────────────────────────────────────

export interface BroadcastListItem {
  id: number;
  title: string;
  msgType: string;
  status: BroadcastStatus;
  reviewLevel: number;
  authorName: string | null;
  updatedAt: Date;
}

export const ListFilters = z.object({
  status: z.enum(broadcastStatus.enumValues).optional().catch(undefined),
  type: z.enum(MSG_TYPES).optional().catch(undefined),
});
export type ListFilters = z.infer<typeof ListFilters>;

/** The account's broadcasts, newest change first (at most `limit`). */
export async function listBroadcasts(db: Db, accountId: string, filters: ListFilters, limit = 100): Promise<BroadcastListItem[]> {
  const where: SQL[] = [eq(broadcasts.accountId, accountId)];
  if (filters.status) where.push(eq(broadcasts.status, filters.status));
  if (filters.type) where.push(eq(broadcasts.msgType, filters.type));
  return db
    .select({
      id: broadcasts.id,
      title: broadcasts.title,
      msgType: broadcasts.msgType,
      status: broadcasts.status,
      reviewLevel: broadcasts.reviewLevel,
      authorName: users.name,
      updatedAt: broadcasts.updatedAt,
    })
    .from(broadcasts)
    .leftJoin(users, eq(users.id, broadcasts.authorId))
    .where(and(...where))
    .orderBy(desc(broadcasts.updatedAt), desc(broadcasts.id))
    .limit(limit);
}

/** How many broadcasts of the account are in each status, for the filter chips. */
export async function countByStatus(db: Db, accountId: string): Promise<Partial<Record<BroadcastStatus, number>>> {
  const rows = await db.select({ status: broadcasts.status }).from(broadcasts).where(eq(broadcasts.accountId, accountId));
  const out: Partial<Record<BroadcastStatus, number>> = {};
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** The account's published events still to come: what an article may link to (`/events/<id>`). */
export async function linkableEvents(db: Db, accountId: string, now = new Date()): Promise<Array<{ id: number; title: string; startsAt: Date }>> {
  return db
    .select({ id: events.id, title: events.title, startsAt: events.startsAt })
    .from(events)
    .where(and(eq(events.accountId, accountId), eq(events.status, 'published'), gte(events.endsAt, now)))
    .orderBy(asc(events.startsAt))
    .limit(50);
}

/** Names of users, for showing who wrote and who reviewed. */
export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

