import Link from 'next/link';
import { setElderMode, setLocale } from '@/app/actions';
import { LOCALE_NAMES, LOCALES, type Locale, type Translate } from '@/lib/i18n/messages';

const navLink = 'min-h-11 items-center whitespace-nowrap rounded px-2 underline-offset-4 hover:underline';

/**
 * One line on a 390 px phone in every language and in 长辈模式 (docs/accessibility.md): the
 * site's name, the two places citizens go, and a compact language menu. The 长辈模式 switch sits
 * right under it, where older readers look first; staff sign in from the footer.
 */
export function SiteHeader({ t, locale, elder, simulator }: { t: Translate; locale: Locale; elder: boolean; simulator: boolean }) {
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-1 px-2 sm:px-4">
          <Link href="/" className="mr-auto inline-flex min-h-11 items-center whitespace-nowrap px-2 text-lg font-bold text-brand-700">
            {t('site.name')}
          </Link>
          <nav aria-label={t('nav.main')} className="flex items-center">
            <Link href="/" className={`${navLink} hidden sm:inline-flex`}>
              {t('nav.directory')}
            </Link>
            <Link href="/verify" className={`${navLink} inline-flex`}>
              <span className="sm:hidden">{t('nav.verify')}</span>
              <span className="hidden sm:inline">{t('dir.nav.verify')}</span>
            </Link>
            <Link href="/events" className={`${navLink} inline-flex`}>
              <span className="sm:hidden">{t('nav.events')}</span>
              <span className="hidden sm:inline">{t('dir.nav.events')}</span>
            </Link>
          </nav>
          <LocaleMenu t={t} locale={locale} />
        </div>
      </header>
      <div className="border-b border-slate-200 bg-slate-50">
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-2 sm:px-4">
          {simulator ? (
            <p className="whitespace-nowrap text-sm text-slate-700">
              <span className="hidden sm:inline">{t('demo.notice')} · </span>
              <Link href="/dev/wechat" className="inline-flex min-h-11 items-center underline underline-offset-4">
                {t('nav.simulator')}
              </Link>
            </p>
          ) : null}
          <form action={setElderMode} className="ml-auto">
            <input type="hidden" name="elder" value={elder ? '0' : '1'} />
            <button
              type="submit"
              aria-pressed={elder}
              title={t('elder.hint')}
              className="my-1 inline-flex min-h-11 items-center gap-2 whitespace-nowrap rounded-lg px-3 font-medium text-slate-900 ring-1 ring-slate-400 hover:bg-white aria-pressed:bg-brand-800 aria-pressed:text-white aria-pressed:ring-brand-800"
            >
              <span aria-hidden="true" className={`inline-block h-4 w-4 rounded-full border-2 border-current ${elder ? 'bg-white' : ''}`} />
              {t('elder.switch')}
            </button>
          </form>
        </div>
      </div>
    </>
  );
}

/**
 * The other two languages, each named in itself and marked with its lang, behind a small labelled
 * menu. A <details>, so it opens without JavaScript; every choice is a form post.
 */
function LocaleMenu({ t, locale }: { t: Translate; locale: Locale }) {
  return (
    // Keyed by language: after a switch the menu comes back closed.
    <details key={locale} className="relative">
      <summary className="inline-flex min-h-11 cursor-pointer list-none items-center gap-1 whitespace-nowrap rounded px-2 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2">
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.5 2.8 3.8 5.8 3.8 9s-1.3 6.2-3.8 9c-2.5-2.8-3.8-5.8-3.8-9S9.5 5.8 12 3z" />
        </svg>
        {t('locale.label')}
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-max rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-300">
        <p className="px-3 py-1 text-sm text-slate-700">{t('locale.current', { name: LOCALE_NAMES[locale] })}</p>
        {LOCALES.filter((other) => other !== locale).map((other) => (
          <form key={other} action={setLocale}>
            <input type="hidden" name="locale" value={other} />
            <button type="submit" lang={other} className="flex min-h-11 w-full items-center rounded px-3 text-left hover:bg-slate-100">
              {LOCALE_NAMES[other]}
            </button>
          </form>
        ))}
      </div>
    </details>
  );
}
