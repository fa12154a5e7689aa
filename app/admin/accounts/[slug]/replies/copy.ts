import { repliesZh } from '@/lib/i18n/dict/replies';
import type { MessageKey, Translate } from '@/lib/i18n/messages';

/** The `prefix.*` copy in the reader's language, keyed without the prefix, for a client form. */
export function copyOf(t: Translate, prefix: 'replies' | 'canned'): Record<string, string> {
  const keys = Object.keys(repliesZh).filter((k) => k.startsWith(`${prefix}.`)) as MessageKey[];
  return Object.fromEntries(keys.map((k) => [k.slice(prefix.length + 1), t(k)]));
}

/** Names a rule's match the way the test box and the list say it. */
export function ruleLabels(t: Translate): Record<string, string> {
  return {
    exact: `${t('rule.keyword')} · ${t('replies.match.exact')}`,
    contains: `${t('rule.keyword')} · ${t('replies.match.contains')}`,
    regex: `${t('rule.keyword')} · ${t('replies.match.regex')}`,
    subscribe: t('replies.group.subscribe'),
    click: t('replies.group.click'),
    default: t('replies.group.default'),
  };
}
