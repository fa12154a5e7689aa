import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';

export interface ReplyRule {
  kind: 'subscribe' | 'keyword' | 'click' | 'default';
  matchType: 'exact' | 'contains' | 'regex' | null;
  pattern: string | null;
  reply: PassiveReply;
  priority: number;
}

const USER_MESSAGE_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

/** Keywords match regardless of case, full-width spaces and surrounding blanks. */
export function normaliseKeyword(text: string): string {
  return text.replace(/\u3000/g, ' ').trim().toLowerCase();
}

function byPriority(a: ReplyRule, b: ReplyRule): number {
  return a.priority - b.priority;
}

/**
 * Picks the passive reply for one inbound message, or null for "answer success".
 * Order for text: exact keyword, then contains keyword, then the default rule; an exact
 * match always beats a contains match whatever the priorities, because it is the more
 * specific promise made to the citizen.
 */
export function chooseReply(rules: readonly ReplyRule[], message: InboundMessage): PassiveReply | null {
  if (message.msgType === 'event') {
    if (message.event === 'subscribe') return first(rules, (r) => r.kind === 'subscribe');
    if (message.event === 'CLICK') {
      return first(rules, (r) => r.kind === 'click' && r.pattern === message.eventKey);
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
    const keywordRules = rules.filter((r) => r.kind === 'keyword' && r.pattern);
    const exact = first(keywordRules, (r) => r.matchType === 'exact' && normaliseKeyword(r.pattern!) === typed);
    if (exact) return exact;
    const contains = first(
      keywordRules,
      (r) => r.matchType === 'contains' && typed.includes(normaliseKeyword(r.pattern!)),
    );
    if (contains) return contains;
  }
  return first(rules, (r) => r.kind === 'default');
}

function first(rules: readonly ReplyRule[], predicate: (r: ReplyRule) => boolean): PassiveReply | null {
  const match = rules.filter(predicate).sort(byPriority)[0];
  return match ? match.reply : null;
}
