import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { autoReplyRules, type AutoReplyRule } from '../../db/schema';
import type { PassiveReply } from '../wechat/reply';
import type { ReplyRule } from './choose-reply';
import { compileKeywordPattern } from './keyword-pattern';

/**
 * A stored rule as the matcher takes it, with a `regex` rule's pattern compiled here — once per
 * load (the webhook's account cache fill, lib/accounts/webhook-account.ts), never per message. A
 * pattern the editor would refuse (written by SQL, or before a limit tightened) compiles to
 * nothing and so never matches, rather than failing the whole account's webhook.
 */
export function toReplyRule(row: Pick<AutoReplyRule, 'id' | 'kind' | 'matchType' | 'pattern' | 'reply' | 'priority' | 'activeFromMinute' | 'activeUntilMinute'>): ReplyRule {
  const compiled = row.matchType === 'regex' && row.pattern ? compileKeywordPattern(row.pattern) : null;
  return {
    id: row.id,
    kind: row.kind,
    matchType: row.matchType,
    pattern: row.pattern,
    reply: row.reply as PassiveReply,
    priority: row.priority,
    activeFromMinute: row.activeFromMinute,
    activeUntilMinute: row.activeUntilMinute,
    ...(row.matchType === 'regex' ? { regex: compiled?.ok ? compiled.regex : null } : {}),
  };
}

/** Order the matcher relies on for ties: priority, then the older rule first. */
const RULE_ORDER = [asc(autoReplyRules.priority), asc(autoReplyRules.id)];

/** The enabled rules of one account, ready for chooseReply (the webhook's and the test box's). */
export async function loadActiveReplyRules(db: Db, accountId: string): Promise<ReplyRule[]> {
  const rows = await db
    .select()
    .from(autoReplyRules)
    .where(and(eq(autoReplyRules.accountId, accountId), eq(autoReplyRules.enabled, true)))
    .orderBy(...RULE_ORDER);
  return rows.map(toReplyRule);
}

/** Every rule of one account for the editor, enabled or not, in matching order. */
export async function listReplyRules(db: Db, accountId: string): Promise<AutoReplyRule[]> {
  return db.select().from(autoReplyRules).where(eq(autoReplyRules.accountId, accountId)).orderBy(...RULE_ORDER);
}

/** One rule of this account for the edit form, or null (another account's id is "not here"). */
export async function findReplyRule(db: Db, accountId: string, id: number): Promise<AutoReplyRule | null> {
  const [row] = await db.select().from(autoReplyRules).where(and(eq(autoReplyRules.id, id), eq(autoReplyRules.accountId, accountId))).limit(1);
  return row ?? null;
}
