import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { conversationNotes, conversations, followers, tags } from '../../db/schema';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { recordAudit } from '../audit/record';
import { ensureTags, giveTags, takeTags } from '../tags/assign';
import { notifyStatusChange } from '../service/case-lookup';
import type { WechatApiConfig } from '../wechat/api/client';
import { conversationForStaff, type ConversationAccess } from './access';
import { teamOf } from './detail';
import { textPayload } from './outbound';
import { referConversation } from './referrals';
import { mergeWaitingReplies, queueReply, resendMessage } from './reply';

/**
 * What staff can do to a conversation, as plain functions over a db handle: the server actions
 * in app/admin/inbox/actions.ts only add the session, 404 and revalidation around them, so the
 * whole authorisation path — gate, validation, effect, audit — is tested here with a real
 * database (tests/integration/inbox-tenant.test.ts). Tenant comes from the conversation's own
 * account, never from the form; extra fields are rejected (z.strictObject, docs/reliability.md F3, F6).
 */
export const REMARK_MAX = 40;
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const clientKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional();

const ReplyInput = z.strictObject({ conversationId: id, text: z.string().trim().min(1).max(2000), clientKey });
const StatusField = z.enum(['open', 'pending', 'resolved']);
const AssigneeField = z.union([z.uuid(), z.literal('')]);
/** What staff call the citizen; empty clears it (lib/inbox/display.ts then falls back). */
const RemarkField = z.string().trim().max(REMARK_MAX);
const RemarkInput = z.strictObject({ conversationId: id, remark: RemarkField });
/** The side panel saves its fields together, with one button (docs/inbox.md). */
const PanelInput = z.strictObject({ conversationId: id, remark: RemarkField, status: StatusField, assigneeId: AssigneeField });
const AssignInput = z.strictObject({ conversationId: id, assigneeId: AssigneeField });
const StatusInput = z.strictObject({ conversationId: id, status: StatusField });
const TagInput = z.strictObject({ conversationId: id, tagName: z.string().trim().min(1).max(30) });
const UntagInput = z.strictObject({ conversationId: id, tagId: id });
const NoteInput = z.strictObject({ conversationId: id, body: z.string().trim().min(1).max(2000) });
const ResendInput = z.strictObject({ conversationId: id, messageId: id });
const MergeInput = z.strictObject({ conversationId: id });
const ReferInput = z.strictObject({
  conversationId: id,
  toAccount: z.string().trim().min(1).max(100),
  question: z.string().trim().min(1).max(500),
  note: z.string().trim().max(500).optional(),
  clientKey,
});

/** Gate first on the raw id (so a forged id is a 404 even with a bad payload), then validate. */
async function gate<S extends z.ZodType<{ conversationId: number }>>(
  ctx: CommandContext & { action: AccountAction },
  schema: S,
): Promise<{ access: ConversationAccess; input: z.infer<S> } | CommandResult<never>> {
  const raw = (typeof ctx.input === 'object' && ctx.input !== null ? (ctx.input as Record<string, unknown>) : {}).conversationId;
  const access = await conversationForStaff({ db: ctx.db, staff: ctx.staff, conversationId: raw, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = schema.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  return { access, input: parsed.data };
}

function isResult(value: object): value is CommandResult<never> {
  return 'ok' in value;
}

async function audit(ctx: CommandContext, access: ConversationAccess, action: string, detail?: Record<string, unknown>): Promise<void> {
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: access.account.id,
    action,
    entityType: 'conversation',
    entityId: access.conversation.id,
    detail,
    ip: ctx.ip ?? null,
  });
}

export const replyCommand = staffCommand('inbox.reply', async (ctx): Promise<CommandResult<{ state: 'queued' | 'waiting_for_citizen'; remaining: number }>> => {
  const g = await gate(ctx, ReplyInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  const queued = await queueReply({
    db: ctx.db,
    conversation: access.conversation,
    authorId: ctx.staff.id,
    payload: textPayload(input.text),
    clientKey: input.clientKey,
  });
  if (!queued.repeated) await audit(ctx, access, 'inbox.reply', { messageId: queued.message.id, state: queued.state });
  return { ok: true, data: { state: queued.state, remaining: queued.window.remaining } };
});

export const assignCommand = staffCommand('inbox.triage', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, AssignInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  const assigneeId = input.assigneeId || null;
  if (!(await isColleague(ctx.db, access, assigneeId))) return { ok: false, fieldErrors: { assigneeId: ['not a member of this account'] } };
  await assign(ctx, access, assigneeId);
  return { ok: true, data: undefined };
});

export const statusCommand = staffCommand('inbox.triage', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, StatusInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  if (!(await setStatus(ctx, access, input.status))) return { ok: false, error: 'another_open' };
  return { ok: true, data: undefined };
});

export const remarkCommand = staffCommand('inbox.triage', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, RemarkInput);
  if (isResult(g)) return g;
  await setRemark(ctx, g.access, g.input.remark || null);
  return { ok: true, data: undefined };
});

/**
 * The side panel's one save: remark, status and assignee together, each changed value written
 * and audited as its own command would. Nothing is written unless every field is acceptable;
 * a refused status (another thread of this citizen is open) is named at its field.
 */
export const panelCommand = staffCommand('inbox.triage', async (ctx): Promise<CommandResult<{ changed: Array<'remark' | 'status' | 'assigneeId'> }>> => {
  const g = await gate(ctx, PanelInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  const c = access.conversation;
  const assigneeId = input.assigneeId || null;
  if (assigneeId !== c.assigneeId && !(await isColleague(ctx.db, access, assigneeId))) {
    return { ok: false, fieldErrors: { assigneeId: ['not a member of this account'] } };
  }
  const [follower] = await ctx.db.select({ remark: followers.remark }).from(followers).where(eq(followers.id, c.followerId));
  const changed: Array<'remark' | 'status' | 'assigneeId'> = [];
  // Status first: it is the one write the database may refuse.
  if (input.status !== c.status) {
    if (!(await setStatus(ctx, access, input.status))) return { ok: false, fieldErrors: { status: ['another_open'] } };
    changed.push('status');
  }
  if (assigneeId !== c.assigneeId) {
    await assign(ctx, access, assigneeId);
    changed.push('assigneeId');
  }
  const newRemark = input.remark || null;
  if (newRemark !== (follower?.remark ?? null)) {
    await setRemark(ctx, access, newRemark);
    changed.push('remark');
  }
  return { ok: true, data: { changed } };
});

/** Only a colleague of this account: a user id of another tenant is refused like a bad value. */
async function isColleague(db: Db, access: ConversationAccess, userId: string | null): Promise<boolean> {
  return userId === null || (await teamOf(db, access.account.id)).some((u) => u.id === userId);
}

async function assign(ctx: CommandContext, access: ConversationAccess, assigneeId: string | null): Promise<void> {
  await ctx.db.update(conversations).set({ assigneeId }).where(eq(conversations.id, access.conversation.id));
  await audit(ctx, access, 'inbox.assign', { assigneeId });
}

/** False when the database refused: the citizen already has another thread in progress. */
async function setStatus(ctx: CommandContext, access: ConversationAccess, status: 'open' | 'pending' | 'resolved'): Promise<boolean> {
  try {
    await ctx.db
      .update(conversations)
      .set({
        status,
        resolvedAt: status === 'resolved' ? sql`coalesce(${conversations.resolvedAt}, now())` : null,
        unreadCount: status === 'resolved' ? 0 : sql`${conversations.unreadCount}`,
      })
      .where(eq(conversations.id, access.conversation.id));
  } catch (error) {
    // Reopening an old thread while the citizen already has a newer one hits the
    // "one unresolved conversation per follower" index.
    if (pgErrorOf(error).code === '23505') return false;
    throw error;
  }
  await audit(ctx, access, 'inbox.status', { status });
  // The citizen hears of it while the window is open; resolving asks for a rating (docs/citizen-service.md).
  await notifyStatusChange({ db: ctx.db, conversationId: access.conversation.id, from: access.conversation.status, to: status });
  return true;
}

/**
 * The remark belongs to the follower, so it names the citizen in every conversation of theirs.
 * Like the rest of their profile it is dropped when they unfollow (lib/inbox/ingest.ts). The
 * audit records that it changed, not the name itself.
 */
async function setRemark(ctx: CommandContext, access: ConversationAccess, value: string | null): Promise<void> {
  await ctx.db.update(followers).set({ remark: value }).where(eq(followers.id, access.conversation.followerId));
  await audit(ctx, access, 'inbox.remark', { followerId: access.conversation.followerId, cleared: value === null });
}

export const tagCommand = staffCommand('inbox.tag', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, TagInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  // Through the one tag write path (lib/tags/assign.ts): mirrored to WeChat, within its 100 tags.
  const refused = await ctx.db.transaction(async (tx) => {
    const ensured = await ensureTags({ tx, accountId: access.account.id, names: [input.tagName] });
    if (!ensured.ok) return ensured.reason;
    await giveTags({ tx, accountId: access.account.id, followerIds: [access.conversation.followerId], tagIds: ensured.tags.map((t) => t.id) });
    return null;
  });
  if (refused) return { ok: false, fieldErrors: { tagName: [refused === 'limit' ? 'tag_limit' : 'tag_name'] } };
  await audit(ctx, access, 'inbox.tag', { tag: input.tagName });
  return { ok: true, data: undefined };
});

export const untagCommand = staffCommand('inbox.tag', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, UntagInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  // The tag must belong to the conversation's account: another tenant's tag id is a 404.
  const [tag] = await ctx.db
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.id, input.tagId), eq(tags.accountId, access.account.id)));
  if (!tag) return { ok: false, notFound: true };
  await ctx.db.transaction((tx) => takeTags({ tx, accountId: access.account.id, followerIds: [access.conversation.followerId], tagIds: [tag.id] }));
  await audit(ctx, access, 'inbox.untag', { tagId: tag.id });
  return { ok: true, data: undefined };
});

export const noteCommand = staffCommand('inbox.note', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, NoteInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  await ctx.db.insert(conversationNotes).values({ conversationId: access.conversation.id, authorId: ctx.staff.id, body: input.body });
  await audit(ctx, access, 'inbox.note');
  return { ok: true, data: undefined };
});

export const resendCommand = staffCommand('inbox.reply', async (ctx): Promise<CommandResult<{ state: string }>> => {
  const g = await gate(ctx, ResendInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  const state = await resendMessage({ db: ctx.db, accountId: access.account.id, messageId: input.messageId });
  if (!state) return { ok: false, notFound: true };
  await audit(ctx, access, 'inbox.resend', { messageId: input.messageId, state });
  return { ok: true, data: { state } };
});

export const mergeCommand = staffCommand('inbox.reply', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, MergeInput);
  if (isResult(g)) return g;
  const { access } = g;
  const merged = await mergeWaitingReplies({ db: ctx.db, conversationId: access.conversation.id, accountId: access.account.id });
  await audit(ctx, access, 'inbox.merge', { messageId: merged });
  return { ok: true, data: undefined };
});

export const referCommand = staffCommand<'inbox.refer', { referralId: number }, CommandContext & { config: WechatApiConfig }>('inbox.refer', async (ctx) => {
  const g = await gate(ctx, ReferInput);
  if (isResult(g)) return g;
  const { access, input } = g;
  const result = await referConversation({
    db: ctx.db,
    conversation: access.conversation,
    toAccountSlug: input.toAccount,
    question: input.question,
    note: input.note || null,
    authorId: ctx.staff.id,
    config: ctx.config,
    clientKey: input.clientKey,
  });
  if (!result.ok) {
    if (result.reason === 'qr_failed') return { ok: false, error: `wechat_${result.code ?? 'network'}` };
    return { ok: false, fieldErrors: { toAccount: [result.reason] } };
  }
  await audit(ctx, access, 'inbox.refer', { referralId: result.referralId, toAccount: input.toAccount });
  return { ok: true, data: { referralId: result.referralId } };
});

/** Opening a conversation clears its unread count (a shared team inbox: one reader is enough). */
export async function markRead(db: Db, conversationId: number): Promise<void> {
  await db.update(conversations).set({ unreadCount: 0 }).where(and(eq(conversations.id, conversationId), sql`${conversations.unreadCount} > 0`));
}
