import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { cannedReplies } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type AccountAccess } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';

/**
 * An account's canned replies (docs/admin.md "Auto-replies and canned replies"): short answers
 * the inbox composer offers in the order staff chose (`position`, smallest first, ties by id).
 * Same shape as every staff command: the reply's own account through the gate (canned.edit),
 * strict input, effect, audit; another account's id is a 404 and changes nothing.
 */
export type CannedReply = typeof cannedReplies.$inferSelect;

const CannedId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Fields = {
  title: z.string().trim().min(1, 'required').max(40, 'too_long'),
  body: z.string().trim().min(1, 'required').max(600, 'too_long'),
};
const CreateInput = z.strictObject({ account: z.string().min(1).max(100), ...Fields });
const UpdateInput = z.strictObject({ cannedId: CannedId, ...Fields });
const MoveInput = z.strictObject({ cannedId: CannedId, direction: z.enum(['up', 'down']) });
const IdInput = z.strictObject({ cannedId: CannedId });

const ORDER = [asc(cannedReplies.position), asc(cannedReplies.id)];

export async function listCannedReplies(db: Db, accountId: string): Promise<CannedReply[]> {
  return db.select().from(cannedReplies).where(eq(cannedReplies.accountId, accountId)).orderBy(...ORDER);
}

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

type Ctx = CommandContext & { action: AccountAction };

async function cannedForStaff(ctx: Ctx): Promise<{ access: AccountAccess; canned: CannedReply } | null> {
  const id = CannedId.safeParse(fields(ctx.input).cannedId);
  if (!id.success) return null;
  const [canned] = await ctx.db.select().from(cannedReplies).where(eq(cannedReplies.id, id.data)).limit(1);
  if (!canned) return null;
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, accountId: canned.accountId, action: ctx.action, ip: ctx.ip });
  return access ? { access, canned } : null;
}

async function audit(ctx: Ctx, accountId: string, id: number, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'canned_reply', entityId: id, detail, ip: ctx.ip ?? null });
}

export const createCannedReplyCommand = staffCommand('canned.edit', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const slug = fields(ctx.input).account;
  const access = typeof slug === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = CreateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const accountId = access.account.id;
  // A new reply goes to the end of the list.
  const [row] = await ctx.db
    .insert(cannedReplies)
    .values({
      accountId,
      title: parsed.data.title,
      body: parsed.data.body,
      position: sql`(select coalesce(max(${cannedReplies.position}), -1) + 1 from ${cannedReplies} where ${cannedReplies.accountId} = ${accountId})`,
    })
    .returning({ id: cannedReplies.id });
  await audit(ctx, accountId, row!.id, 'canned_reply.create', { title: parsed.data.title });
  return { ok: true, data: { id: row!.id } };
});

export const updateCannedReplyCommand = staffCommand('canned.edit', async (ctx): Promise<CommandResult> => {
  const found = await cannedForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = UpdateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  await ctx.db
    .update(cannedReplies)
    .set({ title: parsed.data.title, body: parsed.data.body, updatedAt: new Date() })
    .where(eq(cannedReplies.id, found.canned.id));
  await audit(ctx, found.access.account.id, found.canned.id, 'canned_reply.update', { title: parsed.data.title });
  return { ok: true, data: undefined };
});

/**
 * Moves one reply a place up or down. The account's list is locked and renumbered 0, 1, 2… in one
 * transaction, so two staff reordering at once cannot leave two replies on one position, and
 * positions written by the seed or by SQL (ties, gaps) come out in the order they were shown.
 */
export const moveCannedReplyCommand = staffCommand('canned.edit', async (ctx): Promise<CommandResult<{ moved: boolean }>> => {
  const found = await cannedForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = MoveInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const accountId = found.access.account.id;
  const moved = await ctx.db.transaction(async (tx) => {
    const rows = await tx.select({ id: cannedReplies.id }).from(cannedReplies).where(eq(cannedReplies.accountId, accountId)).orderBy(...ORDER).for('update');
    const ids = rows.map((r) => r.id);
    const from = ids.indexOf(found.canned.id);
    const to = parsed.data.direction === 'up' ? from - 1 : from + 1;
    if (from < 0 || to < 0 || to >= ids.length) return false;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [position, id] of ids.entries()) {
      await tx.update(cannedReplies).set({ position }).where(and(eq(cannedReplies.id, id), eq(cannedReplies.accountId, accountId)));
    }
    return true;
  });
  if (moved) await audit(ctx, accountId, found.canned.id, 'canned_reply.move', { direction: parsed.data.direction });
  return { ok: true, data: { moved } };
});

export const deleteCannedReplyCommand = staffCommand('canned.edit', async (ctx): Promise<CommandResult> => {
  const found = await cannedForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = IdInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  await ctx.db.delete(cannedReplies).where(and(eq(cannedReplies.id, found.canned.id), eq(cannedReplies.accountId, found.access.account.id)));
  await audit(ctx, found.access.account.id, found.canned.id, 'canned_reply.delete', { title: found.canned.title });
  return { ok: true, data: undefined };
});
