import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: '政务微信门户 WeGov', template: '%s · 政务微信门户' },
  description: '找到、核实并关注真正的政务微信公众号。',
  applicationName: 'WeGov',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0a7a3d' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getTranslator();
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
          {t('nav.skip')}
        </a>
        <SiteHeader t={t} locale={locale} simulator={env().simulatorEnabled} />
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl px-4 pb-8 text-sm text-slate-700">
          <a href="/developers" className="underline underline-offset-4">
            {t('dir.nav.developers')}
          </a>
        </footer>
      </body>
    </html>
  );
}
