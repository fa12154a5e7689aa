import type { MetadataRoute } from 'next';

/** Installable staff inbox: "add to home screen" opens straight into the inbox, full screen. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: '政务微信门户 · 咨询收件箱',
    short_name: '咨询收件箱',
    description: '工作人员在手机上回复群众咨询。Staff answer citizens’ WeChat inquiries from a phone.',
    start_url: '/admin/inbox',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f8fafc',
    theme_color: '#0a7a3d',
    lang: 'zh-CN',
    icons: [
      { src: '/inbox-icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/inbox-icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/inbox-icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  };
}
