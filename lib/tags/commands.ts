import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { pgErrorOf } from '../../db/errors';
import { followers, tags } from '../../db/schema';
import { accountForStaff, type AccountAccess } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { recordAudit } from '../audit/record';
import { enqueueJob } from '../jobs/outbox';
import { ensureTags, giveTags, takeTags } from './assign';
import { TAG_DELETE_JOB, TAG_UPDATE_JOB } from './job-kinds';
import { TAG_BATCH_SIZE, tagNameProblem } from './limits';

/**
 * What staff do to an account's tags (docs/admin.md "Followers and tags"). The account is the
 * tag's own (or, to create one, the page's slug checked against the caller's role); followers
 * named in a bulk assignment must all be that account's, else the whole command is a 404 and
 * nothing changes. Every change is audited and mirrored through lib/tags/assign.ts.
 */
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const checkbox = z.literal('on').optional();
const TagName = z
  .string()
  .trim()
  .superRefine((name, ctx) => {
    const problem = tagNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const CreateInput = z.strictObject({ account: z.string().min(1).max(100), name: TagName, selfService: checkbox });
const UpdateInput = z.strictObject({ tagId: id, name: TagName, selfService: checkbox });
const DeleteInput = z.strictObject({ tagId: id });
/** A bulk action names at most one page of followers and a bit more (the list shows 50). */
export const BULK_MAX = 200;
const MembersInput = z.strictObject({ tagId: id, mode: z.enum(['add', 'remove']), followerIds: z.array(id).min(1).max(BULK_MAX) });

function record(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

/** `followerIds=1,2,3` or one checkbox per follower (`follower-12=on`), as a list of ids. */
function membersInput(input: unknown): Record<string, unknown> {
  const raw = record(input);
  const out: Record<string, unknown> = {};
  const ids: unknown[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const m = /^follower-(\d{1,16})$/.exec(key);
    if (m) ids.push(m[1]);
    else if (key === 'followerIds') ids.push(...(Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean));
    else out[key] = value;
  }
  return { ...out, followerIds: ids };
}

/** The tag and its account, for `action`; null for another tenant's tag or a role the table refuses. */
export async function tagForStaff(context: CommandContext, rawTagId: unknown, action: AccountAction): Promise<{ access: AccountAccess; tag: typeof tags.$inferSelect } | null> {
  const { db, staff, ip } = context;
  const parsed = id.safeParse(rawTagId);
  const [tag] = parsed.success ? await db.select().from(tags).where(eq(tags.id, parsed.data)).limit(1) : [];
  // An unknown id goes through the gate too, so it is audited like a foreign one.
  const access = await accountForStaff({ db, staff, accountId: tag?.accountId ?? '00000000-0000-0000-0000-000000000000', action, ip });
  if (!access || !tag) return null;
  return { access, tag };
}

async function audit(ctx: CommandContext, accountId: string, action: string, entityId: number | string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'tag', entityId, detail, ip: ctx.ip ?? null });
}

const nameError = (code: 'exists' | 'limit' | 'too_long'): CommandResult<never> => ({ ok: false, fieldErrors: { name: [code] } });

export const createTagCommand = staffCommand('tags.manage', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const slug = record(ctx.input).account;
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: typeof slug === 'string' ? slug : '', action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = CreateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { name, selfService } = parsed.data;
  const result = await ctx.db.transaction((tx) => ensureTags({ tx, accountId: access.account.id, names: [name], selfService: selfService === 'on' }));
  if (!result.ok) return nameError(result.reason === 'limit' ? 'limit' : 'too_long');
  const tag = result.tags[0]!;
  if (!tag.created) return nameError('exists');
  await audit(ctx, access.account.id, 'tags.create', tag.id, { name, selfService: selfService === 'on' });
  return { ok: true, data: { id: tag.id } };
});

export const updateTagCommand = staffCommand('tags.manage', async (ctx): Promise<CommandResult> => {
  const found = await tagForStaff(ctx, record(ctx.input).tagId, ctx.action);
  if (!found) return { ok: false, notFound: true };
  const parsed = UpdateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { tag, access } = found;
  const name = parsed.data.name;
  const selfService = parsed.data.selfService === 'on';
  if (name === tag.name && selfService === tag.selfService) return { ok: true, data: undefined };
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.update(tags).set({ name, selfService, updatedAt: new Date() }).where(eq(tags.id, tag.id));
      // Self-service is ours alone; only a new name goes to WeChat.
      if (name !== tag.name) await enqueueJob({ db: tx, kind: TAG_UPDATE_JOB, accountId: access.account.id, payload: { tagId: tag.id } });
    });
  } catch (error) {
    if (pgErrorOf(error).code === '23505') return nameError('exists');
    throw error;
  }
  await audit(ctx, access.account.id, 'tags.update', tag.id, { from: tag.name, name, selfService });
  return { ok: true, data: undefined };
});

export const deleteTagCommand = staffCommand('tags.manage', async (ctx): Promise<CommandResult> => {
  const found = await tagForStaff(ctx, record(ctx.input).tagId, ctx.action);
  if (!found) return { ok: false, notFound: true };
  const parsed = DeleteInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { tag, access } = found;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(tags).where(eq(tags.id, tag.id));
    // Not yet at WeChat: its create job finds the row gone and does nothing.
    if (tag.wechatTagId !== null) {
      await enqueueJob({ db: tx, kind: TAG_DELETE_JOB, accountId: access.account.id, payload: { wechatTagId: tag.wechatTagId } });
    }
  });
  await audit(ctx, access.account.id, 'tags.delete', tag.id, { name: tag.name });
  return { ok: true, data: undefined };
});

/** Gives or takes one tag to or from one or many followers of the tag's account. */
export const tagMembersCommand = staffCommand('tags.assign', async (ctx): Promise<CommandResult<{ changed: number }>> => {
  const input = membersInput(ctx.input);
  const found = await tagForStaff(ctx, input.tagId, ctx.action);
  if (!found) return { ok: false, notFound: true };
  const parsed = MembersInput.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { tag, access } = found;
  const followerIds = [...new Set(parsed.data.followerIds)];
  const own = await ctx.db
    .select({ id: followers.id })
    .from(followers)
    .where(and(eq(followers.accountId, access.account.id), inArray(followers.id, followerIds)));
  // One follower of another account (or none at all) and the whole command is a 404.
  if (own.length !== followerIds.length) return { ok: false, notFound: true };
  const add = parsed.data.mode === 'add';
  const changed = await ctx.db.transaction((tx) =>
    add ? giveTags({ tx, accountId: access.account.id, followerIds, tagIds: [tag.id] }) : takeTags({ tx, accountId: access.account.id, followerIds, tagIds: [tag.id] }),
  );
  await audit(ctx, access.account.id, add ? 'tags.assign' : 'tags.unassign', tag.id, { followerIds: followerIds.slice(0, TAG_BATCH_SIZE), count: followerIds.length, changed });
  return { ok: true, data: { changed } };
});
