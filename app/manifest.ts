import type { MetadataRoute } from 'next';
import { getTranslator } from '@/lib/i18n/server';

/**
 * Installable staff inbox: "add to home screen" opens straight into the inbox, full screen. Named
 * in the language of the person installing it.
 */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const { t, locale } = await getTranslator();
  return {
    name: t('manifest.name'),
    short_name: t('manifest.shortName'),
    description: t('manifest.description'),
    start_url: '/admin/inbox',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f8fafc',
    theme_color: '#0a7a3d',
    lang: locale,
    icons: [
      { src: '/inbox-icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/inbox-icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/inbox-icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
