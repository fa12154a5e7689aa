'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { ELDER_COOKIE, isLocale, LOCALE_COOKIE } from '@/lib/i18n/messages';

const YEAR = 365 * 24 * 3600;

/** Switches the UI language; kept in a cookie for a year. */
export async function setLocale(form: FormData): Promise<void> {
  const locale = form.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: YEAR, sameSite: 'lax', httpOnly: true });
  revalidatePath('/', 'layout');
}

/**
 * Turns 长辈模式 on or off (docs/accessibility.md). A plain form post, so it works before or
 * without JavaScript — the readers who need it most are on old phones.
 */
export async function setElderMode(form: FormData): Promise<void> {
  const on = form.get('elder');
  if (on !== '1' && on !== '0') return;
  const jar = await cookies();
  if (on === '1') jar.set(ELDER_COOKIE, '1', { path: '/', maxAge: YEAR, sameSite: 'lax', httpOnly: true });
  else jar.delete(ELDER_COOKIE);
  revalidatePath('/', 'layout');
}
