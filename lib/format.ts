import type { Locale } from './i18n/messages';

/** Dates are shown in China Standard Time unless the user picks otherwise. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

/** `zh-Hant` gives Traditional Chinese date words; the numbers read the same in all three languages. */
export function formatDateTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: DISPLAY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
