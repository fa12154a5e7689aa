import { translator } from '../i18n/messages';
import type { PassiveReply } from '../wechat/reply';
import { newCaseNumber } from './case-number';
import { dueTimesFor } from './office-hours';
import { shanghaiDay, shanghaiMinute } from '../time/shanghai';
import { isWorkingTime, isoWeekday, nextWorkingTime, type WorkCalendar } from './working-time';

/**
 * The automatic answer to the first message of a new inquiry (docs/citizen-service.md, "Case
 * numbers"): the case number and when a reply can be expected. How it combines with the
 * account's auto-reply rule:
 * - no rule answered: our acknowledgement alone;
 * - a text rule: the rule's text, then the case line;
 * - any other reply (news, image…): the rule's reply unchanged — a passive reply is one message
 *   and the case line cannot ride along — so the number reaches the citizen with the first status
 *   change (lib/service/case-lookup.ts) and the `wegov:case` menu button answers it any time.
 * Returns null when the rule's reply stays as it is.
 */
export function firstAnswerWithCase(args: {
  reply: PassiveReply | null;
  caseNumber: string;
  calendar: WorkCalendar;
  dueAt: Date;
  at: Date;
}): PassiveReply | null {
  const { reply } = args;
  if (reply !== null && reply.type !== 'text') return null;
  const line = caseLine(args);
  return { type: 'text', content: reply ? `${reply.content}\n\n${line}` : line };
}

const t = translator('zh-CN');

function caseLine(args: { caseNumber: string; calendar: WorkCalendar; dueAt: Date; at: Date }): string {
  const head = t('service.ack.case', { number: args.caseNumber });
  if (isWorkingTime(args.calendar, args.at)) return `${head}${t('service.ack.due', { due: shortShanghaiTime(args.dueAt) })}`;
  const next = nextWorkingTime(args.calendar, args.at);
  return `${head}${next ? t('service.ack.afterHours', { next: shortShanghaiTime(next), due: shortShanghaiTime(args.dueAt) }) : ''}`;
}

/**
 * `12月2日（周三）9:00`, in Beijing time, by arithmetic: this runs for every new inquiry on the
 * webhook, where building an Intl formatter per message would cost more than the rest together.
 */
export function shortShanghaiTime(at: Date): string {
  const day = shanghaiDay(at);
  const minute = shanghaiMinute(at);
  const weekday = t(`service.weekdayShort.${isoWeekday(day)}` as 'service.weekdayShort.1');
  return t('service.time.short', {
    month: Number(day.slice(5, 7)),
    day: Number(day.slice(8, 10)),
    weekday,
    time: `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`,
  });
}

/** What the webhook knows of an account's citizen service (read through its account cache). */
export interface InquiryService {
  casePrefix: string;
  calendar: WorkCalendar;
  firstResponseWorkingHours: number;
  resolutionWorkingDays: number;
}

/**
 * The due times, a freshly drawn case number and the answer that carries it, for a citizen's
 * message; lib/inbox/store-inquiry.ts keeps the number only when the message opens the case.
 */
export function inquiryCase(service: InquiryService, reply: PassiveReply | null, receivedAt: Date) {
  const { dueAt, resolutionDueAt } = dueTimesFor({ calendar: service.calendar, firstResponseWorkingHours: service.firstResponseWorkingHours, resolutionWorkingDays: service.resolutionWorkingDays }, receivedAt);
  const caseNumber = newCaseNumber(service.casePrefix, receivedAt);
  const caseReply = firstAnswerWithCase({ reply, caseNumber, calendar: service.calendar, dueAt, at: receivedAt });
  return { dueAt, resolutionDueAt, caseNumber, caseReply };
}
