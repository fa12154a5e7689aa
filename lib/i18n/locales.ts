/**
 * The three UI languages and how a reader's is chosen (docs/accessibility.md). No dictionary here:
 * client components may import this without carrying the copy or the Traditional converter.
 */
export const LOCALES = ['zh-CN', 'zh-Hant', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'wegov-locale';
/** 长辈模式 (older readers' mode) is on while this cookie is `1` (docs/accessibility.md). */
export const ELDER_COOKIE = 'wegov-elder';

/** Each language named in itself, for the switch: a reader looks for their own language's name. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', 'zh-Hant': '繁體中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language for a first visit, before the reader has chosen: the first of their browser's
 * languages we have (q-values respected). Traditional Chinese for Taiwan, Hong Kong, Macao and
 * any zh-Hant tag; Simplified for other Chinese; English for en-*; otherwise the default.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim().toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { tag } of ranges) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

function localeOfTag(tag: string): Locale | undefined {
  const [language, ...subtags] = tag.split('-');
  if (language === 'en') return 'en';
  if (language !== 'zh') return undefined;
  if (subtags.includes('hans')) return 'zh-CN';
  if (subtags.includes('hant') || subtags.some((s) => s === 'tw' || s === 'hk' || s === 'mo')) return 'zh-Hant';
  return 'zh-CN';
}

/** The lang to put on text people wrote (names, descriptions, messages) when the UI is in another. */
export function contentLang(locale: Locale, written: Locale = 'zh-CN'): Locale | undefined {
  return locale === written ? undefined : written;
}

