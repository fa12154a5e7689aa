import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { cannedReplies, macros, type Macro } from '../../db/schema';
import { accountForStaff, type AccountAccess } from '../auth/access';
import { recordAudit } from '../audit/record';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { conversationForStaff } from '../inbox/access';
import { assignCommand, replyCommand, statusCommand, tagCommand } from '../inbox/commands';
import { teamOf } from '../inbox/detail';

/**
 * Macros (docs/citizen-service.md "Macros"): a named one-click action of an account that sends a
 * canned reply, adds tags to the citizen, sets the status and the assignee. Editors write them
 * (`macros.edit`); anyone who works the inbox applies them (`inbox.macro.apply`) — through the
 * inbox's own commands, so each step is gated, validated and audited exactly as by hand.
 */
export const MACRO_NAME_MAX = 40;
export const MACRO_TAGS_MAX = 5;

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const optionalId = z.union([z.literal('').transform(() => null), id]);
/** Tags typed as one field: separated by commas, 、 or spaces. */
const TagsField = z
  .string()
  .max(200)
  .transform((s) => [...new Set(s.split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(30)).max(MACRO_TAGS_MAX));
const Fields = {
  name: z.string().trim().min(1).max(MACRO_NAME_MAX),
  cannedReplyId: optionalId.default(null),
  tags: TagsField.default([]),
  setStatus: z.union([z.literal('').transform(() => null), z.enum(['open', 'pending', 'resolved'])]).default(null),
  /** `me`, `none`, a member's user id, or empty: leave the assignee as it is. */
  assignTo: z.union([z.literal('').transform(() => null), z.literal('me'), z.literal('none'), z.uuid()]).default(null),
};
const CreateInput = z.strictObject({ account: z.string().min(1).max(100), ...Fields });
const UpdateInput = z.strictObject({ macroId: id, ...Fields });
const DeleteInput = z.strictObject({ macroId: id });
const ApplyInput = z.strictObject({ conversationId: id, macroId: id });

type MacroFields = z.infer<z.ZodObject<typeof Fields>>;

export async function listMacros(db: Db, accountId: string): Promise<Macro[]> {
  return db.select().from(macros).where(eq(macros.accountId, accountId)).orderBy(asc(macros.position), asc(macros.id));
}

function record(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

/** A macro through the tenant gate of its own account; another tenant's id is "not found". */
async function macroForStaff(ctx: CommandContext & { action: 'macros.edit' }, rawId: unknown): Promise<{ macro: Macro; access: AccountAccess } | null> {
  const parsed = id.safeParse(rawId);
  const [macro] = parsed.success ? await ctx.db.select().from(macros).where(eq(macros.id, parsed.data)).limit(1) : [];
  if (!macro) return null;
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, accountId: macro.accountId, action: ctx.action, ip: ctx.ip });
  return access ? { macro, access } : null;
}

/** The canned reply and the assignee must be this account's: anything else is a wrong value at its field. */
async function checkFields(db: Db, accountId: string, f: MacroFields): Promise<Record<string, string[]> | null> {
  const errors: Record<string, string[]> = {};
  if (f.cannedReplyId !== null) {
    const [canned] = await db.select({ id: cannedReplies.id }).from(cannedReplies).where(and(eq(cannedReplies.id, f.cannedReplyId), eq(cannedReplies.accountId, accountId)));
    if (!canned) errors.cannedReplyId = ['unknown'];
  }
  if (f.assignTo !== null && f.assignTo !== 'me' && f.assignTo !== 'none' && !(await teamOf(db, accountId)).some((u) => u.id === f.assignTo)) {
    errors.assignTo = ['unknown'];
  }
  if (f.cannedReplyId === null && f.tags.length === 0 && f.setStatus === null && f.assignTo === null) errors.name = ['empty'];
  return Object.keys(errors).length ? errors : null;
}

function columns(f: MacroFields) {
  return { name: f.name, cannedReplyId: f.cannedReplyId, addTags: f.tags, setStatus: f.setStatus, assignTo: f.assignTo };
}

async function audit(ctx: CommandContext, accountId: string, action: string, entityId: number, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'macro', entityId, detail, ip: ctx.ip ?? null });
}

export const createMacroCommand = staffCommand('macros.edit', async (ctx): Promise<CommandResult<{ macroId: number }>> => {
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: String(record(ctx.input).account ?? ''), action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = CreateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const errors = await checkFields(ctx.db, access.account.id, parsed.data);
  if (errors) return { ok: false, fieldErrors: errors };
  const [row] = await ctx.db
    .insert(macros)
    .values({
      accountId: access.account.id,
      ...columns(parsed.data),
      position: sql`(select coalesce(max(${macros.position}), 0) + 1 from ${macros} where ${macros.accountId} = ${access.account.id})`,
    })
    .returning({ id: macros.id });
  await audit(ctx, access.account.id, 'macro.create', row!.id, { name: parsed.data.name });
  return { ok: true, data: { macroId: row!.id } };
});

export const updateMacroCommand = staffCommand('macros.edit', async (ctx): Promise<CommandResult> => {
  const found = await macroForStaff(ctx, record(ctx.input).macroId);
  if (!found) return { ok: false, notFound: true };
  const parsed = UpdateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const errors = await checkFields(ctx.db, found.access.account.id, parsed.data);
  if (errors) return { ok: false, fieldErrors: errors };
  await ctx.db.update(macros).set(columns(parsed.data)).where(eq(macros.id, found.macro.id));
  await audit(ctx, found.access.account.id, 'macro.update', found.macro.id, { name: parsed.data.name });
  return { ok: true, data: undefined };
});

export const deleteMacroCommand = staffCommand('macros.edit', async (ctx): Promise<CommandResult> => {
  const found = await macroForStaff(ctx, record(ctx.input).macroId);
  if (!found) return { ok: false, notFound: true };
  const parsed = DeleteInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  await ctx.db.delete(macros).where(eq(macros.id, found.macro.id));
  await audit(ctx, found.access.account.id, 'macro.delete', found.macro.id, { name: found.macro.name });
  return { ok: true, data: undefined };
});

/** A step of a macro refused: carries the step's answer out of the transaction, which rolls back. */
class StepRefused extends Error {
  constructor(readonly result: CommandResult<never>) {
    super('macro step refused');
  }
}

export interface AppliedMacro {
  macroId: number;
  reply: 'queued' | 'waiting_for_citizen' | null;
}

/**
 * Applies a macro of the conversation's own account in one transaction: the canned reply, each
 * tag, the status, the assignee — each through the inbox command that does it by hand (gate,
 * validation, audit). If any step is refused (say, another thread of this citizen is open),
 * nothing of the macro stays. A macro of another account answers 404.
 */
export const applyMacroCommand = staffCommand('inbox.macro.apply', async (ctx): Promise<CommandResult<AppliedMacro>> => {
  const access = await conversationForStaff({ db: ctx.db, staff: ctx.staff, conversationId: record(ctx.input).conversationId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = ApplyInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const [macro] = await ctx.db
    .select()
    .from(macros)
    .where(and(eq(macros.id, parsed.data.macroId), eq(macros.accountId, access.account.id)))
    .limit(1);
  if (!macro) return { ok: false, notFound: true };
  const [canned] = macro.cannedReplyId
    ? await ctx.db.select({ body: cannedReplies.body }).from(cannedReplies).where(and(eq(cannedReplies.id, macro.cannedReplyId), eq(cannedReplies.accountId, access.account.id)))
    : [];
  const conversationId = access.conversation.id;
  try {
    return await ctx.db.transaction(async (tx) => {
      const step = { db: tx as unknown as Db, staff: ctx.staff, ip: ctx.ip };
      const must = <T>(result: CommandResult<T>): T => {
        if (!result.ok) throw new StepRefused(result);
        return result.data;
      };
      const reply = canned ? must(await replyCommand({ ...step, input: { conversationId, text: canned.body } })).state : null;
      for (const tagName of macro.addTags) must(await tagCommand({ ...step, input: { conversationId, tagName } }));
      if (macro.setStatus) must(await statusCommand({ ...step, input: { conversationId, status: macro.setStatus } }));
      if (macro.assignTo) {
        const assigneeId = macro.assignTo === 'me' ? ctx.staff.id : macro.assignTo === 'none' ? '' : macro.assignTo;
        must(await assignCommand({ ...step, input: { conversationId, assigneeId } }));
      }
      await recordAudit({
        db: step.db,
        actorId: ctx.staff.id,
        accountId: access.account.id,
        action: 'inbox.macro.apply',
        entityType: 'conversation',
        entityId: conversationId,
        detail: { macroId: macro.id, name: macro.name },
        ip: ctx.ip ?? null,
      });
      return { ok: true as const, data: { macroId: macro.id, reply } };
    });
  } catch (error) {
    if (error instanceof StepRefused) return error.result;
    throw error;
  }
});
