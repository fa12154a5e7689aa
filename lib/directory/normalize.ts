import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

/**
 * How people type a Chinese account name: simplified or traditional characters, full pinyin
 * (`zhongshanqingnian`), pinyin initials (`zsqn`), the WeChat id. Queries and account names go
 * through the same folding, so every spelling meets in one lower-case search text.
 */

// Taiwan variants cover both traditional character forms and the common regional words.
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

export const MAX_QUERY_LENGTH = 100;

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * Folds a citizen's query: full-width forms (NFKC), traditional → simplified, lower case,
 * collapsed spaces. Pinyin typed with spaces (`zhongshan qingnian`) loses them, as the
 * stored pinyin has none.
 */
export function normalizeQuery(raw: string): string {
  const folded = toSimplified(withoutNul(raw).normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
  return /^[a-z0-9 _-]+$/.test(folded) ? folded.replace(/ /g, '') : folded;
}

/**
 * The text without NUL. PostgreSQL refuses NUL in text (docs/reliability.md §2.2, B13), so a
 * query holding one would be a 500 for any caller; the portal's server already refuses it in URLs
 * (lib/server/request-guard.ts), this is the second line for direct callers.
 */
export function withoutNul(text: string): string {
  return text.includes('\0') ? text.replaceAll('\0', '') : text;
}

export function simplify(text: string): string {
  return toSimplified(text);
}

/** Full pinyin without tones or spaces: 中山青年 → zhongshanqingnian. */
export function fullPinyin(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true }).join('').toLowerCase();
}

/** First letters: 中山青年 → zsqn. */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed', v: true })
    .join('')
    .toLowerCase();
}

/**
 * The spellings SQL cannot derive from the name itself; the generated `search_text` column adds
 * the live name and WeChat id (db/schema/core.ts).
 */
export function searchExtraFor(name: string): string {
  const simplified = simplify(name.normalize('NFKC'));
  const parts = [simplified === name ? '' : simplified, fullPinyin(simplified), pinyinInitials(simplified)];
  return parts.filter(Boolean).join(' ').toLowerCase();
}

export { escapeLike } from '../sql/escape-like';
