import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { autoReplyRules, type AutoReplyRule } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type AccountAccess } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { chooseRule } from './choose-reply';
import { RuleFields, RuleInput, ruleValuesFrom, type RuleValues } from './rule-input';
import { loadActiveReplyRules } from './rules';

/**
 * What staff do to auto-reply rules (docs/admin.md "Auto-replies and canned replies"), as
 * commands over a db handle: the rule's own account goes through the access gate with the
 * command's action (replies.edit: editors and up), the input is a strict zod object, then the
 * effect and its audit row. A rule id of another account is a 404 and changes nothing.
 */
const RuleId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const CreateInput = z.strictObject({ account: z.string().min(1).max(100), ...RuleFields });
const UpdateInput = z.strictObject({ ruleId: RuleId, ...RuleFields });
const ToggleInput = z.strictObject({ ruleId: RuleId, enabled: z.enum(['true', 'false']).transform((v) => v === 'true') });
const IdInput = z.strictObject({ ruleId: RuleId });

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

type Ctx = CommandContext & { action: AccountAction };

async function accountOfSlug(ctx: Ctx): Promise<AccountAccess | null> {
  const slug = fields(ctx.input).account;
  return typeof slug === 'string' ? accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
}

/** A rule by its raw id, through the gate on the rule's own account (a forged id is a 404 even with a bad payload). */
async function ruleForStaff(ctx: Ctx): Promise<{ access: AccountAccess; rule: AutoReplyRule } | null> {
  const id = RuleId.safeParse(fields(ctx.input).ruleId);
  if (!id.success) return null;
  const [rule] = await ctx.db.select().from(autoReplyRules).where(eq(autoReplyRules.id, id.data)).limit(1);
  if (!rule) return null;
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, accountId: rule.accountId, action: ctx.action, ip: ctx.ip });
  return access ? { access, rule } : null;
}

/** What an audit row keeps of a rule: enough to tell which rule and what it answered, not the whole reply. */
function auditDetail(values: Pick<RuleValues, 'kind' | 'matchType' | 'pattern' | 'reply'>) {
  return { kind: values.kind, matchType: values.matchType, pattern: values.pattern?.slice(0, 100) ?? null, replyType: values.reply.type };
}

/**
 * Creates one rule on an account, validated like the editor's form (patterns included) and
 * audited. Exported for features that add a keyword rule on a staff member's behalf (the gap
 * report); the caller has already checked that `actorId` may edit replies on `accountId`.
 */
export async function createReplyRule(args: {
  db: Db;
  accountId: string;
  actorId: string | null;
  ip?: string | null;
  fields: z.input<typeof RuleInput>;
  enabled?: boolean;
}): Promise<{ ok: true; id: number } | { ok: false; fieldErrors: Record<string, string[] | undefined> }> {
  const parsed = RuleInput.safeParse(args.fields);
  if (!parsed.success) return invalidInput(parsed.error) as { ok: false; fieldErrors: Record<string, string[] | undefined> };
  const checked = ruleValuesFrom(parsed.data);
  if (!checked.ok) return checked;
  const [row] = await args.db
    .insert(autoReplyRules)
    .values({ ...checked.values, accountId: args.accountId, enabled: args.enabled ?? true })
    .returning({ id: autoReplyRules.id });
  await recordAudit({ db: args.db, actorId: args.actorId, accountId: args.accountId, action: 'reply_rule.create', entityType: 'auto_reply_rule', entityId: row!.id, detail: auditDetail(checked.values), ip: args.ip ?? null });
  return { ok: true, id: row!.id };
}

export const createReplyRuleCommand = staffCommand('replies.edit', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const access = await accountOfSlug(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = CreateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { account: _slug, ...rest } = parsed.data;
  const created = await createReplyRule({ db: ctx.db, accountId: access.account.id, actorId: ctx.staff.id, ip: ctx.ip, fields: rest });
  return created.ok ? { ok: true, data: { id: created.id } } : created;
});

export const updateReplyRuleCommand = staffCommand('replies.edit', async (ctx): Promise<CommandResult> => {
  const found = await ruleForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = UpdateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { ruleId, ...rest } = parsed.data;
  const checked = ruleValuesFrom({ ...rest });
  if (!checked.ok) return checked;
  await ctx.db.update(autoReplyRules).set({ ...checked.values, updatedAt: new Date() }).where(eq(autoReplyRules.id, ruleId));
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: found.access.account.id, action: 'reply_rule.update', entityType: 'auto_reply_rule', entityId: ruleId, detail: auditDetail(checked.values), ip: ctx.ip ?? null });
  return { ok: true, data: undefined };
});

export const toggleReplyRuleCommand = staffCommand('replies.edit', async (ctx): Promise<CommandResult> => {
  const found = await ruleForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = ToggleInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  await ctx.db
    .update(autoReplyRules)
    .set({ enabled: parsed.data.enabled, updatedAt: new Date() })
    .where(and(eq(autoReplyRules.id, found.rule.id), eq(autoReplyRules.accountId, found.access.account.id)));
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: found.access.account.id, action: parsed.data.enabled ? 'reply_rule.enable' : 'reply_rule.disable', entityType: 'auto_reply_rule', entityId: found.rule.id, ip: ctx.ip ?? null });
  return { ok: true, data: undefined };
});

export const deleteReplyRuleCommand = staffCommand('replies.edit', async (ctx): Promise<CommandResult> => {
  const found = await ruleForStaff(ctx);
  if (!found) return { ok: false, notFound: true };
  const parsed = IdInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  await ctx.db.delete(autoReplyRules).where(and(eq(autoReplyRules.id, found.rule.id), eq(autoReplyRules.accountId, found.access.account.id)));
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: found.access.account.id,
    action: 'reply_rule.delete',
    entityType: 'auto_reply_rule',
    entityId: found.rule.id,
    detail: auditDetail({ ...found.rule, reply: found.rule.reply as PassiveReply }),
    ip: ctx.ip ?? null,
  });
  return { ok: true, data: undefined };
});

/** "HH:MM" in Beijing on today's Beijing date, as an instant; empty means now. */
const TestInput = z.strictObject({
  account: z.string().min(1).max(100),
  text: z.string().trim().min(1, 'required').max(2000, 'too_long'),
  time: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time').optional()),
});

export interface ReplyTestAnswer {
  rule: { id: number; kind: string; matchType: string | null; pattern: string | null } | null;
  reply: PassiveReply | null;
  /** The minute of the Beijing day the message was tried at. */
  at: string;
}

/**
 * The test box: which enabled rule a typed message would hit and the reply it would give,
 * through the same loader and matcher the webhook uses (lib/auto-reply/choose-reply.ts).
 * Reading only, so every member may use it; nothing is stored, nothing is sent.
 */
export const testReplyRulesCommand = staffCommand('replies.view', async (ctx): Promise<CommandResult<ReplyTestAnswer>> => {
  const access = await accountOfSlug(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = TestInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const at = parsed.data.time ? beijingToday(parsed.data.time, new Date()) : new Date();
  const rules = await loadActiveReplyRules(ctx.db, access.account.id);
  const message: InboundMessage = {
    msgType: 'text',
    msgId: '0',
    content: parsed.data.text,
    toUserName: access.account.originalId ?? '',
    fromUserName: 'test-box',
    createTime: Math.floor(at.getTime() / 1000),
    fields: {},
  };
  const rule = chooseRule(rules, message, at);
  return {
    ok: true,
    data: {
      rule: rule ? { id: rule.id ?? 0, kind: rule.kind, matchType: rule.matchType, pattern: rule.pattern } : null,
      reply: rule?.reply ?? null,
      at: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at),
    },
  };
});

function beijingToday(hhmm: string, now: Date): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  return new Date(`${day}T${hhmm}:00+08:00`);
}
