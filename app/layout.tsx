import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { ClientCopyProvider } from '@/components/ui/client-copy';
import { env } from '@/lib/env';
import { getTranslator, isElderMode } from '@/lib/i18n/server';
import { simulatorInHeader } from '@/lib/site-nav';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return {
    title: { default: t('meta.title'), template: `%s · ${t('site.name')}` },
    description: t('meta.description'),
    applicationName: 'WeGov',
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0a7a3d' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getTranslator();
  const elder = await isElderMode();
  return (
    // 长辈模式 is CSS under [data-elder] (app/globals.css, docs/accessibility.md).
    <html lang={locale} data-elder={elder ? '' : undefined}>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
          {t('nav.skip')}
        </a>
        <SiteHeader t={t} locale={locale} elder={elder} simulator={simulatorInHeader(env())} />
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          <ClientCopyProvider copy={{ 'error.heading': t('error.heading'), 'error.body': t('error.body'), 'error.retry': t('error.retry') }}>
            {children}
          </ClientCopyProvider>
        </main>
        <footer className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 px-4 pb-8 text-sm text-slate-700">
          <Link href="/developers" className="inline-flex min-h-11 items-center underline underline-offset-4">
            {t('dir.nav.developers')}
          </Link>
          {/* Staff come in here, out of citizens' way; /admin sends the signed-out to /login. */}
          <Link href="/admin" className="inline-flex min-h-11 items-center underline underline-offset-4">
            {t('nav.staff')}
          </Link>
        </footer>
      </body>
    </html>
  );
}
