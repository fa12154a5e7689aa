import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { chooseReply, chooseRule, normaliseKeyword, type ReplyRule } from '../auto-reply/choose-reply';
import { createReplyRule } from '../auto-reply/rule-commands';
import { loadActiveReplyRules } from '../auto-reply/rules';
import { accountForStaff } from '../auth/access';
import { recordAudit } from '../audit/record';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import { toDate } from '../inbox/list';
import { rowsOf } from '../jobs/outbox';
import { maskPii } from '../privacy/pii';
import type { InboundMessage } from '../wechat/messages';

/**
 * The gap report (docs/citizen-service.md "Gap report"): questions citizens asked that no keyword
 * rule answered and that staff then answered by hand, grouped by text similarity (pg_trgm, on
 * PostgreSQL and PGlite alike), most frequent first, each with the answer staff gave most often
 * and a keyword that would catch the group. One click turns a group into a keyword rule.
 */

/** How far back the report and the "would have answered" count look. */
export const GAP_DAYS = 90;
/** Questions considered per report: the newest ones, so the pairwise similarity stays cheap. */
const MAX_QUESTIONS = 400;
/** Messages replayed through the matcher for the count. */
const MAX_REPLAYED = 5_000;
/**
 * Two questions belong together at this pg_trgm similarity of their character-spaced text (see
 * `spaced`). Measured on real-shaped questions: the same request asked three ways scores
 * 0.33–0.67, unrelated questions that share 请问/哪里 0.16–0.31.
 */
export const CLUSTER_SIMILARITY = 0.33;

export interface GapCluster {
  /** The id of the question the group formed around. */
  key: number;
  size: number;
  /** A few of the questions, masked (the report is statistics: docs/citizen-service.md "Personal data"). */
  examples: string[];
  /** What staff answered most often in the group, masked. */
  answer: string;
  answerCount: number;
  /** A keyword found in most of the group's questions, for the rule. */
  keyword: string;
  /** How many past messages a `contains` rule with that keyword and answer would have answered. */
  wouldAnswer: number;
}

interface Question {
  id: number;
  content: string;
  answer: string;
  at: Date;
}


function asText(content: string): InboundMessage {
  return { msgType: 'text', content } as InboundMessage;
}

function since(now: Date): string {
  return new Date(now.getTime() - GAP_DAYS * 86_400_000).toISOString();
}

/**
 * Citizens' typed questions (not chat commands: those carry `event = 'command'`) that no keyword
 * rule answers, each with the first staff-written text reply that followed in the same
 * conversation. Whether a rule answers is asked of today's rules through the webhook's own
 * matcher, not read from the stored reply: that reply also carries the case number of a new
 * inquiry (docs/citizen-service.md), and a gap a new rule has since closed leaves the report.
 */
async function answeredByHand(db: Db, accountId: string, now: Date): Promise<Question[]> {
  const result = await db.execute(sql`
    select m.id, m.content, m.created_at, a.content as answer
    from messages m
    cross join lateral (
      select o.content from messages o
      where o.conversation_id = m.conversation_id and o.direction = 'outbound' and o.id > m.id
        and o.author_id is not null and o.msg_type = 'text' and o.content is not null
      order by o.id limit 1
    ) a
    where m.account_id = ${accountId}::uuid and m.direction = 'inbound' and m.msg_type = 'text' and m.event is null
      and m.conversation_id is not null and char_length(m.content) >= 2 and m.created_at > ${since(now)}::timestamptz
    order by m.id desc
    limit ${MAX_QUESTIONS}`);
  const rules = await loadActiveReplyRules(db, accountId);
  return rowsOf<Record<string, unknown>>(result)
    .map((r) => ({ id: Number(r.id), content: String(r.content), answer: String(r.answer), at: toDate(r.created_at) ?? now }))
    .filter((q) => chooseRule(rules, asText(q.content), q.at)?.kind !== 'keyword');
}

/**
 * Chinese has no spaces, so pg_trgm would read a whole question as one word and two ways of
 * asking the same thing share almost no trigrams (社保卡丢了怎么补办 / 请问社保卡补办要去哪里:
 * 0.05). With a space after every CJK character each character is a word, and the similarity
 * measures the characters two questions share (0.33 for that pair).
 */
const CJK_CHARACTER = '([\u3400-\u9fff])';

function spaced(column: SQL): SQL {
  return sql`regexp_replace(${column}, ${CJK_CHARACTER}, ${'\\1 '}, 'g')`;
}

/** Pairs of the given questions at least CLUSTER_SIMILARITY alike, by pg_trgm. */
async function similarPairs(db: Db, ids: number[]): Promise<Array<[number, number]>> {
  if (ids.length < 2) return [];
  const list = sql.join(ids.map((id) => sql`${id}::bigint`), sql`, `);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', ${String(CLUSTER_SIMILARITY)}, true)`);
    const result = await tx.execute(sql`
      with q as (select id, ${spaced(sql`content`)} as t from messages where id in (${list}))
      select a.id as a, b.id as b from q a join q b on a.id < b.id and a.t % b.t`);
    return rowsOf<Record<string, unknown>>(result).map((r) => [Number(r.a), Number(r.b)] as [number, number]);
  });
}

/**
 * Groups around the most connected question first: it takes its still-free neighbours, then the
 * next most connected free question does the same. Unlike linking every similar pair, this
 * cannot chain two unrelated questions through a third.
 */
export function groupBySimilarity(ids: number[], pairs: Array<[number, number]>): number[][] {
  const neighbours = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  for (const [a, b] of pairs) {
    neighbours.get(a)?.add(b);
    neighbours.get(b)?.add(a);
  }
  const order = [...ids].sort((x, y) => neighbours.get(y)!.size - neighbours.get(x)!.size || y - x);
  const taken = new Set<number>();
  const groups: number[][] = [];
  for (const leader of order) {
    if (taken.has(leader)) continue;
    const group = [leader, ...[...neighbours.get(leader)!].filter((n) => !taken.has(n))];
    for (const id of group) taken.add(id);
    groups.push(group);
  }
  return groups;
}

/**
 * The keyword for a group: a piece of the leading question (2–8 characters) found in as many of
 * the group's questions and as few of the other questions as possible; longer wins a tie.
 */
export function keywordFor(group: string[], others: string[]): string {
  const texts = group.map(normaliseKeyword);
  const rest = others.map(normaliseKeyword);
  const leader = texts[0] ?? '';
  let best = { keyword: leader.slice(0, 8), score: -Infinity };
  const seen = new Set<string>();
  for (let len = 2; len <= 8; len++) {
    for (let i = 0; i + len <= leader.length; i++) {
      const piece = leader.slice(i, i + len);
      // Whole words only: no blanks or punctuation inside, and not just digits (a date, a number).
      if (seen.has(piece) || /[\s\p{P}]/u.test(piece) || /^[\d\p{S}]+$/u.test(piece)) continue;
      seen.add(piece);
      const inside = texts.filter((t) => t.includes(piece)).length;
      const outside = rest.filter((t) => t.includes(piece)).length;
      const score = inside * 3 - outside * 2 + len * 0.1;
      if (score > best.score) best = { keyword: piece, score };
    }
  }
  return best.keyword;
}

/**
 * How many of the account's past messages (GAP_DAYS) a new keyword rule would have answered:
 * every citizen text replayed through the webhook's own matcher (chooseReply) with the account's
 * current rules plus the new one, counting those the new rule wins. Chat commands are excluded —
 * they answer before any rule.
 */
export async function wouldHaveAnswered(args: { db: Db; accountId: string; keyword: string; matchType: 'contains' | 'exact'; now?: Date }): Promise<number> {
  const keyword = args.keyword.trim();
  if (!keyword) return 0;
  const now = args.now ?? new Date();
  const probe: ReplyRule = { kind: 'keyword', matchType: args.matchType, pattern: keyword, reply: { type: 'text', content: '' }, priority: 100 };
  const rules = [...(await loadActiveReplyRules(args.db, args.accountId)), probe];
  const result = await args.db.execute(sql`
    select content, created_at from messages
    where account_id = ${args.accountId}::uuid and direction = 'inbound' and msg_type = 'text' and event is null
      and content is not null and created_at > ${since(now)}::timestamptz
    order by id desc limit ${MAX_REPLAYED}`);
  // Each message at the time it came in, so a rule's active hours apply as they would have.
  return rowsOf<{ content: string; created_at: unknown }>(result).filter((r) => chooseReply(rules, asText(r.content), toDate(r.created_at) ?? now) === probe.reply).length;
}

/** The report: the largest groups (two questions or more), most frequent first. */
export async function gapReport(args: { db: Db; accountId: string; limit?: number; now?: Date }): Promise<GapCluster[]> {
  const now = args.now ?? new Date();
  const keywordRules = (await loadActiveReplyRules(args.db, args.accountId)).filter((r) => r.kind === 'keyword');
  // Only what no keyword rule answers today: a rule added since then already closed that gap.
  const questions = (await answeredByHand(args.db, args.accountId, now)).filter((q) => chooseReply(keywordRules, asText(q.content), q.at) === null);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const groups = groupBySimilarity(
    questions.map((q) => q.id),
    await similarPairs(args.db, questions.map((q) => q.id)),
  )
    .filter((g) => g.length >= 2)
    .sort((a, b) => b.length - a.length || b[0]! - a[0]!)
    .slice(0, args.limit ?? 10);
  const out: GapCluster[] = [];
  for (const group of groups) {
    const members = group.map((id) => byId.get(id)!);
    const inGroup = new Set(group);
    const keyword = keywordFor(
      members.map((m) => m.content),
      questions.filter((q) => !inGroup.has(q.id)).map((q) => q.content),
    );
    const answers = new Map<string, number>();
    for (const m of members) answers.set(m.answer, (answers.get(m.answer) ?? 0) + 1);
    const [answer, answerCount] = [...answers].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]!;
    out.push({
      key: group[0]!,
      size: group.length,
      examples: members.slice(0, 3).map((m) => maskPii(m.content)),
      answer: maskPii(answer),
      answerCount,
      keyword,
      wouldAnswer: await wouldHaveAnswered({ db: args.db, accountId: args.accountId, keyword, matchType: 'contains', now }),
    });
  }
  return out;
}

/**
 * Writes the keyword rule through the replies feature's own createReplyRule
 * (lib/auto-reply/rule-commands.ts): validated like the rule editor's form and audited as
 * `reply_rule.create`; the gap command adds its own `gaps.rule.create` row with the count.
 */
async function insertKeywordRule(
  db: Db,
  rule: { accountId: string; actorId: string; ip: string | null; matchType: 'contains' | 'exact'; pattern: string; reply: string },
): Promise<{ ok: true; id: number } | { ok: false; fieldErrors: Record<string, string[] | undefined> }> {
  return createReplyRule({ db, accountId: rule.accountId, actorId: rule.actorId, ip: rule.ip, fields: { kind: 'keyword', matchType: rule.matchType, pattern: rule.pattern, priority: '', replyType: 'text', content: rule.reply } });
}

const RuleInput = z.strictObject({
  account: z.string().min(1).max(100),
  keyword: z.string().trim().min(2).max(30),
  matchType: z.enum(['contains', 'exact']).default('contains'),
  reply: z.string().trim().min(1).max(600),
});

/** A group of the report becomes a keyword rule; answers how many past messages it would have answered. */
export const createGapRuleCommand = staffCommand('gaps.rule.create', async (ctx): Promise<CommandResult<{ ruleId: number; wouldAnswer: number }>> => {
  const slug = typeof ctx.input === 'object' && ctx.input !== null ? String((ctx.input as Record<string, unknown>).account ?? '') : '';
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = RuleInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { keyword, matchType, reply } = parsed.data;
  // Counted before the rule exists, so the new rule is the probe and not counted twice.
  const wouldAnswer = await wouldHaveAnswered({ db: ctx.db, accountId: access.account.id, keyword, matchType });
  const created = await insertKeywordRule(ctx.db, { accountId: access.account.id, actorId: ctx.staff.id, ip: ctx.ip ?? null, matchType, pattern: keyword, reply });
  // The rules' own validation speaks of `pattern` and `content`; the form calls them keyword and reply.
  if (!created.ok) {
    const { pattern, content } = created.fieldErrors;
    return { ok: false, fieldErrors: { keyword: pattern ?? (content ? undefined : ['invalid']), reply: content } };
  }
  const ruleId = created.id;
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: access.account.id,
    action: 'gaps.rule.create',
    entityType: 'auto_reply_rule',
    entityId: ruleId,
    detail: { keyword, matchType, wouldAnswer },
    ip: ctx.ip ?? null,
  });
  return { ok: true, data: { ruleId, wouldAnswer } };
});
