import { shanghaiMinute } from '../time/shanghai';
import type { RE2JS } from 're2js';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { patternOccurs } from './keyword-pattern';

export interface ReplyRule {
  /** The row's id, so the test box can name the rule that answered; absent in hand-built rules. */
  id?: number;
  kind: 'subscribe' | 'keyword' | 'click' | 'default';
  matchType: 'exact' | 'contains' | 'regex' | null;
  pattern: string | null;
  reply: PassiveReply;
  priority: number;
  /** Active hours in Asia/Shanghai, minutes of the day [from, until); until < from wraps past midnight. */
  activeFromMinute?: number | null;
  activeUntilMinute?: number | null;
  /**
   * A `regex` rule's pattern, compiled once when the rules are loaded (lib/auto-reply/rules.ts
   * toReplyRule), never per message. A regex rule without one never matches.
   */
  regex?: RE2JS | null;
}

const USER_MESSAGE_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

/** Keywords match regardless of case, full-width spaces and surrounding blanks. */
export function normaliseKeyword(text: string): string {
  return text.replace(/\u3000/g, ' ').trim().toLowerCase();
}


/** Whether the rule is in its active hours at `minute`; a window with until < from wraps past midnight. */
export function isActiveAt(rule: Pick<ReplyRule, 'activeFromMinute' | 'activeUntilMinute'>, minute: number): boolean {
  const from = rule.activeFromMinute ?? null;
  const until = rule.activeUntilMinute ?? null;
  if (from === null || until === null) return true;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

/**
 * The rule that answers one inbound message at `at`, or null for "answer success". Only rules in
 * their active hours take part. Precedence (docs/admin.md "Auto-replies and canned replies"):
 * 1. events: `subscribe` rules for a follow, the `click` rule whose pattern is the button key;
 * 2. text (and a voice message's recognised text): an `exact` keyword first, whatever the
 *    priorities, because it is the most specific promise made to the citizen; then `contains`
 *    and `regex` keywords together, by priority;
 * 3. the `default` rule for any message a citizen sends.
 * Within a step the smallest priority wins, ties by the order given (the loader sorts by id).
 */
export function chooseRule(rules: readonly ReplyRule[], message: InboundMessage, at: Date = new Date()): ReplyRule | null {
  const minute = shanghaiMinute(at);
  const active = rules.filter((r) => isActiveAt(r, minute));
  if (message.msgType === 'event') {
    if (message.event === 'subscribe') return first(active, (r) => r.kind === 'subscribe');
    if (message.event === 'CLICK') {
      return first(active, (r) => r.kind === 'click' && r.pattern === message.eventKey);
    }
    return null;
  }
  if (!USER_MESSAGE_TYPES.has(message.msgType)) return null;
  const text =
    message.msgType === 'text'
      ? message.content
      : message.msgType === 'voice'
        ? (message.recognition ?? '')
        : '';
  if (text) {
    const typed = normaliseKeyword(text);
    const keywordRules = active.filter((r) => r.kind === 'keyword' && r.pattern);
    const exact = first(keywordRules, (r) => r.matchType === 'exact' && normaliseKeyword(r.pattern!) === typed);
    if (exact) return exact;
    const partial = first(
      keywordRules,
      (r) =>
        (r.matchType === 'contains' && typed.includes(normaliseKeyword(r.pattern!))) ||
        (r.matchType === 'regex' && Boolean(r.regex) && patternOccurs(r.regex!, typed)),
    );
    if (partial) return partial;
  }
  return first(active, (r) => r.kind === 'default');
}

/** The passive reply for one inbound message at `at`, or null for "answer success". */
export function chooseReply(rules: readonly ReplyRule[], message: InboundMessage, at: Date = new Date()): PassiveReply | null {
  return chooseRule(rules, message, at)?.reply ?? null;
}

/**
 * The first rule by priority that passes; a stable minimum, so equal priorities keep the given
 * order and no rule is tested twice (a regex test costs more than a comparison).
 */
function first(rules: readonly ReplyRule[], predicate: (r: ReplyRule) => boolean): ReplyRule | null {
  let best: ReplyRule | null = null;
  for (const rule of rules) {
    if (best && rule.priority >= best.priority) continue;
    if (predicate(rule)) best = rule;
  }
  return best;
}
