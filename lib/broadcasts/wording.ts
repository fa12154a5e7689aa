import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { wordingRules, type Account, type WordingRule } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { env } from '../env';
import type { CheckOptions } from './content-check';

/**
 * The account's list of wrong or sensitive wording (错敏词) and what the content check needs from
 * the account (docs/broadcasts.md "Content check"). Account admins add and remove words; the
 * starter list (starter-wording.ts) is where a new account begins.
 */

export async function listWording(db: Db, accountId: string): Promise<WordingRule[]> {
  return db.select().from(wordingRules).where(eq(wordingRules.accountId, accountId)).orderBy(asc(wordingRules.word));
}

/** The directory's own host: links to it (event pages) are always allowed. */
export function directoryHost(): string {
  return new URL(env().baseUrl).hostname;
}

/** The wording list and link hosts of the account, ready for checkContent. */
export async function checkOptionsFor(db: Db, account: Pick<Account, 'id' | 'allowedLinkDomains'>): Promise<CheckOptions> {
  const wording = await listWording(db, account.id);
  return { wording, allowedDomains: account.allowedLinkDomains, ownHost: directoryHost() };
}

const AddInput = z.strictObject({
  account: z.string().min(1).max(100),
  word: z.string().trim().min(1).max(30),
  suggestion: z.string().trim().max(30).optional().transform((v) => v || null),
  note: z.string().trim().max(100).optional().transform((v) => v || null),
});
const RemoveInput = z.strictObject({ account: z.string().min(1).max(100), ruleId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

async function gate(ctx: CommandContext & { action: 'broadcasts.review_settings' }) {
  const slug = fields(ctx.input).account;
  return typeof slug === 'string' ? accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
}

async function audit(ctx: CommandContext, accountId: string, action: string, id: number, detail: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'wording_rule', entityId: id, detail, ip: ctx.ip ?? null });
}

export const addWordingCommand = staffCommand('broadcasts.review_settings', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = AddInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { word, suggestion, note } = parsed.data;
  try {
    const [row] = await ctx.db.insert(wordingRules).values({ accountId: access.account.id, word, suggestion, note }).returning({ id: wordingRules.id });
    await audit(ctx, access.account.id, 'broadcast.wording.add', row!.id, { word, suggestion });
    return { ok: true, data: { id: row!.id } };
  } catch (error) {
    // The list holds each word once, whatever its case (unique index on lower(word)).
    if (pgErrorOf(error).code === '23505') return { ok: false, fieldErrors: { word: ['duplicate'] } };
    throw error;
  }
});

export const removeWordingCommand = staffCommand('broadcasts.review_settings', async (ctx): Promise<CommandResult> => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = RemoveInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  // Only a word of this account: another account's rule id is a 404 like any foreign record.
  const [gone] = await ctx.db
    .delete(wordingRules)
    .where(and(eq(wordingRules.id, parsed.data.ruleId), eq(wordingRules.accountId, access.account.id)))
    .returning({ id: wordingRules.id, word: wordingRules.word });
  if (!gone) return { ok: false, notFound: true };
  await audit(ctx, access.account.id, 'broadcast.wording.remove', gone.id, { word: gone.word });
  return { ok: true, data: undefined };
});
