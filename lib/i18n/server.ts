import 'server-only';
import { cookies, headers } from 'next/headers';
import { ELDER_COOKIE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, translator, type Locale, type Translate } from './messages';

/**
 * The reader's language: the one they chose (cookie), else on a first visit the best match for
 * their browser's Accept-Language (docs/accessibility.md).
 */
export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(value)) return value;
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}

export async function getTranslator(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getLocale();
  return { locale, t: translator(locale) };
}

/** 长辈模式 is on for this reader (docs/accessibility.md). */
export async function isElderMode(): Promise<boolean> {
  return (await cookies()).get(ELDER_COOKIE)?.value === '1';
}
