import { z } from 'zod';
import type { PassiveReply } from '../wechat/reply';
import { compileKeywordPattern, MAX_PATTERN_LENGTH } from './keyword-pattern';

/**
 * What staff type into the rule editor, as strict zod schemas over plain form fields, turned into
 * the row's columns. Error messages are codes the editor turns into copy (lib/i18n/dict/replies.ts).
 */
export const RULE_KINDS = ['keyword', 'subscribe', 'click', 'default'] as const;
export const MATCH_TYPES = ['exact', 'contains', 'regex'] as const;
/** The replies the editor offers; the others PassiveReply knows (voice, video, music) need uploads we do not have. */
export const REPLY_TYPES = ['text', 'image', 'news'] as const;

export type RuleKind = (typeof RULE_KINDS)[number];

/** WeChat refuses a passive text reply longer than 2048 bytes (docs/wechat-protocol.md §4.2). */
const MAX_TEXT_BYTES = 2048;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const blank = (v: unknown) => (v === undefined || v === '' ? undefined : v);
const optionalString = (max: number) => z.preprocess(blank, z.string().trim().max(max, 'too_long').optional());
const webUrl = z.preprocess(blank, z.url({ protocol: /^https?$/, error: 'url' }).max(500, 'too_long').optional());
const clockTime = z.preprocess(blank, z.string().regex(HH_MM, 'time').optional());

/** The fields of one rule, as the form posts them (strings; an unchecked box is absent). */
export const RuleFields = {
  kind: z.enum(RULE_KINDS, 'required'),
  matchType: z.preprocess(blank, z.enum(MATCH_TYPES, 'required').optional()),
  // The length is checked with the kind, so a regex gets its own message (ruleValuesFrom).
  pattern: optionalString(1000),
  priority: z.preprocess((v) => (v === '' || v === undefined ? 100 : v), z.coerce.number('number').int('number').min(0, 'number').max(10_000, 'number')),
  activeFrom: clockTime,
  activeUntil: clockTime,
  replyType: z.enum(REPLY_TYPES, 'required'),
  content: z.preprocess(blank, z.string().optional()),
  mediaId: optionalString(128),
  title: optionalString(64),
  description: optionalString(120),
  picUrl: webUrl,
  url: webUrl,
};

export const RuleInput = z.strictObject(RuleFields);
export type RuleInputValues = z.input<typeof RuleInput>;

export interface RuleValues {
  kind: RuleKind;
  matchType: (typeof MATCH_TYPES)[number] | null;
  pattern: string | null;
  priority: number;
  activeFromMinute: number | null;
  activeUntilMinute: number | null;
  reply: PassiveReply;
}

export type FieldErrors = Record<string, string[]>;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The row values of a parsed rule, or the field errors that the schema alone cannot see: what
 * each kind needs, a pattern that does not compile or could be slow (lib/auto-reply/keyword-pattern.ts),
 * active hours given half or empty, and what each reply type needs.
 */
export function ruleValuesFrom(input: z.output<typeof RuleInput>): { ok: true; values: RuleValues } | { ok: false; fieldErrors: FieldErrors } {
  const errors: FieldErrors = {};
  const fail = (field: string, ...codes: string[]) => (errors[field] ??= codes);

  const { kind } = input;
  const matchType = kind === 'keyword' ? (input.matchType ?? null) : null;
  const pattern = kind === 'keyword' || kind === 'click' ? (input.pattern ?? null) : null;
  if (kind === 'keyword' && !matchType) fail('matchType', 'required');
  if ((kind === 'keyword' || kind === 'click') && !pattern) fail('pattern', 'required');
  if (kind === 'click' && pattern && pattern.length > 128) fail('pattern', 'too_long');
  if (matchType !== 'regex' && pattern && pattern.length > MAX_PATTERN_LENGTH) fail('pattern', 'too_long');
  if (matchType === 'regex' && pattern) {
    const compiled = compileKeywordPattern(pattern);
    if (!compiled.ok) fail('pattern', compiled.problem.code, ...('near' in compiled.problem ? [compiled.problem.near] : []));
  }

  let activeFromMinute: number | null = null;
  let activeUntilMinute: number | null = null;
  if (input.activeFrom || input.activeUntil) {
    if (!input.activeFrom) fail('activeFrom', 'hours_pair');
    else if (!input.activeUntil) fail('activeUntil', 'hours_pair');
    else if (input.activeFrom === input.activeUntil) fail('activeUntil', 'hours_empty');
    else {
      activeFromMinute = minutes(input.activeFrom);
      activeUntilMinute = minutes(input.activeUntil);
    }
  }

  const reply = replyFrom(input, fail);
  if (Object.keys(errors).length > 0 || !reply) return { ok: false, fieldErrors: errors };
  return { ok: true, values: { kind, matchType, pattern, priority: input.priority, activeFromMinute, activeUntilMinute, reply } };
}

function replyFrom(input: z.output<typeof RuleInput>, fail: (field: string, code: string) => unknown): PassiveReply | null {
  switch (input.replyType) {
    case 'text': {
      const content = (input.content ?? '').trim();
      if (!content) return (fail('content', 'required'), null);
      if (Buffer.byteLength(content, 'utf8') > MAX_TEXT_BYTES) return (fail('content', 'too_long'), null);
      return { type: 'text', content };
    }
    case 'image':
      // A passive image reply carries a media_id WeChat issued for an uploaded image; a URL will not do.
      if (!input.mediaId) return (fail('mediaId', 'required'), null);
      if (!/^[\w-]+$/.test(input.mediaId)) return (fail('mediaId', 'media_id'), null);
      return { type: 'image', mediaId: input.mediaId };
    case 'news':
      if (!input.title) fail('title', 'required');
      if (!input.url) fail('url', 'required');
      if (!input.title || !input.url) return null;
      return {
        type: 'news',
        articles: [{ title: input.title, url: input.url, ...(input.description ? { description: input.description } : {}), ...(input.picUrl ? { picUrl: input.picUrl } : {}) }],
      };
  }
}

/** A stored rule as the editor's fields, to fill the edit form. */
export function fieldsOfRule(rule: {
  kind: RuleKind;
  matchType: string | null;
  pattern: string | null;
  priority: number;
  activeFromMinute: number | null;
  activeUntilMinute: number | null;
  reply: unknown;
}): Record<keyof typeof RuleFields, string> {
  const reply = rule.reply as PassiveReply;
  const article = reply.type === 'news' ? reply.articles[0] : undefined;
  return {
    kind: rule.kind,
    matchType: rule.matchType ?? '',
    pattern: rule.pattern ?? '',
    priority: String(rule.priority),
    activeFrom: clock(rule.activeFromMinute),
    activeUntil: clock(rule.activeUntilMinute),
    replyType: reply.type === 'image' || reply.type === 'news' ? reply.type : 'text',
    content: reply.type === 'text' ? reply.content : '',
    mediaId: reply.type === 'image' ? reply.mediaId : '',
    title: article?.title ?? '',
    description: article?.description ?? '',
    picUrl: article?.picUrl ?? '',
    url: article?.url ?? '',
  };
}

export function clock(minute: number | null): string {
  if (minute === null) return '';
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
