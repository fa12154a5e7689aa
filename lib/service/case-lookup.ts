import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, conversations } from '../../db/schema';
import type { ChatCommand } from '../chat/commands';
import { translator } from '../i18n/messages';
import type { Tx } from '../jobs/outbox';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { normalizeCaseNumber } from './case-number';
import { shortShanghaiTime } from './first-answer';
import { queueServiceNotice } from './notices';
import { requestRatingIn } from './ratings';

/**
 * Status look-up in the chat (docs/citizen-service.md, "Case numbers"): `查询 <number>` (also
 * 查詢, with any space, full-width too) or the menu button `wegov:case` (the citizen's latest
 * case). Only the citizen who opened the case — the same follower, i.e. the same OpenID on this
 * account — gets its status; for anyone else the answer is word for word the one for a number
 * that does not exist, so a guessed number confirms nothing.
 */
export const CASE_MENU_KEY = 'wegov:case';
/**
 * What follows 查询 must look like a number (letters, digits, dashes, full-width too): 「查询一下社保
 * 怎么交」 is a question for staff, not a look-up.
 */
const LOOKUP = /^\s*查[询詢][\s\u3000]*([A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-－‐-―−]*)\s*$/u;

type Lookup = { kind: 'number'; text: string } | { kind: 'latest' };

export function parseCaseLookup(message: InboundMessage): Lookup | null {
  if (message.msgType === 'event') return message.event === 'CLICK' && message.eventKey === CASE_MENU_KEY ? { kind: 'latest' } : null;
  if (message.msgType !== 'text') return null;
  const m = LOOKUP.exec(message.content);
  if (!m) return null;
  return m[1] ? { kind: 'number', text: m[1].slice(0, 40) } : { kind: 'latest' };
}

const t = translator('zh-CN');

export const caseLookupCommand: ChatCommand = {
  name: 'case-lookup',
  matches: (message) => parseCaseLookup(message) !== null,
  async handle({ tx, account, followerId, message }) {
    const lookup = parseCaseLookup(message);
    if (!lookup || followerId === null) return null;
    const text = (content: string): PassiveReply => ({ type: 'text', content });
    if (lookup.kind === 'latest') {
      const [latest] = await caseRows(tx, and(eq(conversations.accountId, account.id), eq(conversations.followerId, followerId), isNotNull(conversations.caseNumber)));
      return text(latest ? describeCase(latest) : t('service.lookup.none'));
    }
    const number = normalizeCaseNumber(lookup.text);
    const [found] = number
      ? await caseRows(tx, and(eq(conversations.accountId, account.id), eq(conversations.caseNumber, number), eq(conversations.followerId, followerId)))
      : [];
    return text(found ? describeCase(found) : t('service.lookup.unknown', { number: lookup.text }));
  },
};

type CaseRow = Awaited<ReturnType<typeof caseRows>>[number];

function caseRows(tx: Tx, where: ReturnType<typeof and>) {
  return tx
    .select({
      caseNumber: conversations.caseNumber,
      status: conversations.status,
      resolutionDueAt: conversations.resolutionDueAt,
      resolvedAt: conversations.resolvedAt,
      department: accounts.department,
      accountName: accounts.name,
    })
    .from(conversations)
    .innerJoin(accounts, eq(accounts.id, conversations.accountId))
    .where(where)
    .orderBy(desc(conversations.openedAt), desc(conversations.id))
    .limit(1);
}

function describeCase(row: CaseRow): string {
  const lines = [
    t('service.lookup.head', { number: row.caseNumber ?? '' }),
    t('service.lookup.status', { status: t(`service.status.${row.status}`) }),
    t('service.lookup.department', { department: row.department ?? row.accountName }),
  ];
  if (row.status === 'resolved' && row.resolvedAt) lines.push(t('service.lookup.resolvedAt', { at: shortShanghaiTime(row.resolvedAt) }));
  else if (row.resolutionDueAt) lines.push(t('service.lookup.due', { at: shortShanghaiTime(row.resolutionDueAt) }));
  return lines.join('\n');
}

/**
 * Tells the citizen their case changed status (staff resolved it, set it pending, re-opened it)
 * while the reply window is open; resolving also asks for a rating (lib/service/ratings.ts).
 * Called after the status write by lib/inbox/commands.ts.
 */
export async function notifyStatusChange(args: { db: Db; conversationId: number; from: string; to: 'open' | 'pending' | 'resolved'; now?: Date }): Promise<void> {
  if (args.from === args.to) return;
  const now = args.now ?? new Date();
  await args.db.transaction(async (tx) => {
    const [c] = await tx.select().from(conversations).where(eq(conversations.id, args.conversationId)).for('update');
    // A thread of keyword commands only (报名, a rating…) was never an inquiry: no case number, no notices.
    if (!c || c.status !== args.to || !c.caseNumber) return;
    const number = t('service.notice.case', { number: c.caseNumber });
    const change =
      args.to === 'resolved'
        ? t('service.notice.resolved')
        : args.to === 'pending'
          ? t('service.notice.pending')
          : args.from === 'resolved'
            ? t('service.notice.reopened')
            : t('service.notice.open');
    if (args.to === 'resolved' && c.rating === null) {
      await requestRatingIn({ tx, conversation: c, lead: `${number}${change}`, now });
      return;
    }
    await queueServiceNotice({ tx, conversation: c, text: `${number}${change}`, now });
  });
}
