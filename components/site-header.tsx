import Link from 'next/link';
import { setLocale } from '@/app/actions';
import type { Locale, Translate } from '@/lib/i18n/messages';

export function SiteHeader({ t, locale, simulator }: { t: Translate; locale: Locale; simulator: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-700">
          {t('site.name')}
        </Link>
        <nav aria-label="主导航" className="ml-auto flex flex-wrap items-center gap-3 text-base">
          <Link href="/" className="underline-offset-4 hover:underline">
            {t('nav.directory')}
          </Link>
          <Link href="/verify" className="underline-offset-4 hover:underline">
            {t('dir.nav.verify')}
          </Link>
          <Link href="/events" className="underline-offset-4 hover:underline">
            {t('dir.nav.events')}
          </Link>
          {simulator ? (
            <Link href="/dev/wechat" className="underline-offset-4 hover:underline">
              {t('nav.simulator')}
            </Link>
          ) : null}
          <Link href="/admin" className="underline-offset-4 hover:underline">
            {t('nav.admin')}
          </Link>
          <form action={setLocale}>
            <input type="hidden" name="locale" value={locale === 'en' ? 'zh-CN' : 'en'} />
            <button type="submit" className="rounded px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" lang={locale === 'en' ? 'zh-CN' : 'en'}>
              {t('locale.switch')}
            </button>
          </form>
        </nav>
      </div>
    </header>
  );
}
