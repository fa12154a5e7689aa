import type { IncomingMessage, ServerResponse } from 'node:http';
import { env } from '../env';

/**
 * The browser-side security headers, in one place. Two halves:
 *
 * - `applySecurityHeaders` runs in the portal's HTTP server (lib/server/portal-server.ts) before
 *   any handler, so every response carries them — pages, 404s, error pages, API routes, static
 *   files, and the webhook and simulator answers that never reach Next. Its CSP is the strict one
 *   for responses that are not pages (JSON, text, scripts, images): nothing may load or run.
 * - `pageCsp` is the policy for pages, with a fresh nonce per request; proxy.ts sets it, which
 *   replaces the strict one for that response, and Next reads the nonce from the request's copy
 *   and puts it on its own scripts. It is the second line behind "citizen text is text"
 *   (docs/reliability.md G3–G5): a script that slipped into a page would still not run.
 */

/**
 * WeChat's image hosts. A citizen's image message carries a `PicUrl` on them, and staff browsers
 * load it in the inbox (components/inbox/message-item.tsx); no other outside host is needed by a
 * page that staff see. Scheme-less, so WeChat's `http://` URLs load on the http demo and are
 * upgraded on an https deployment.
 */
export const WECHAT_IMAGE_HOSTS = ['mmbiz.qpic.cn', '*.qpic.cn', 'wx.qlogo.cn', 'thirdwx.qlogo.cn'] as const;

/**
 * Browser features no WeGov page uses, all denied to the page and anything it embeds. Only
 * features Chromium recognises (an unknown name is a console error on every page). The clipboard
 * stays allowed: the directory's copy buttons write to it.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'camera',
  'display-capture',
  'encrypted-media',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ');

/** For everything that is not a page: no content of any kind, never framed. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year, subdomains included; sent only over https (see `securityHeaders`). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every response gets. HSTS only when the portal is served over https: browsers
 * ignore it over plain http anyway, and a `localhost` that once answered with it would be forced
 * to https for a year — the http demo (`npm start`) would stop opening.
 */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': NON_PAGE_CSP,
    'Permissions-Policy': PERMISSIONS_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    ...(opts.https ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}

/**
 * Whether this request is served over https: the portal's public origin (NEXTAUTH_URL, behind a
 * TLS-terminating proxy) is https, or the request itself arrived over TLS. `X-Forwarded-Proto` is
 * not read: a client can send it (the origin is never taken from a request header, E7).
 */
export function servedOverHttps(req: Pick<IncomingMessage, 'socket'>, publicUrl: string): boolean {
  if ((req.socket as { encrypted?: boolean } | undefined)?.encrypted === true) return true;
  let https = httpsOrigins.get(publicUrl);
  if (https === undefined) {
    try {
      https = new URL(publicUrl).protocol === 'https:';
    } catch {
      https = false;
    }
    httpsOrigins.set(publicUrl, https);
  }
  return https;
}

/**
 * Sets the headers on a response before any handler runs; a handler may still replace the CSP
 * (proxy.ts does, for pages). `publicUrl` is NEXTAUTH_URL unless a test says otherwise.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, publicUrl: string = env().baseUrl): void {
  const https = servedOverHttps(req, publicUrl);
  for (const [name, value] of https ? HEADERS_HTTPS : HEADERS_HTTP) res.setHeader(name, value);
}

// Built once: this runs for every push the webhook answers, and a WHATWG URL or a fresh header
// object per request was a measurable share of the webhook's CPU (README, "Benchmarks").
const HEADERS_HTTPS = Object.entries(securityHeaders({ https: true }));
const HEADERS_HTTP = Object.entries(securityHeaders({ https: false }));
const httpsOrigins = new Map<string, boolean>();

/** 128 random bits, base64: what a CSP nonce must be (unguessable, fresh per response). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP of a page.
 *
 * - Scripts: only those carrying this response's nonce, and what they load (`'strict-dynamic'`:
 *   Next's chunks are loaded by its nonced bootstrap). `'self'` is for browsers without
 *   `'strict-dynamic'`. `'unsafe-eval'` in development only: React's dev build uses eval for
 *   its error stacks; the production build never does.
 * - Styles: `'unsafe-inline'`, without a nonce (a nonce would switch `'unsafe-inline'` off).
 *   Pages use `style` attributes, which cannot carry a nonce, and Next inserts style elements;
 *   CSS cannot run script, and script is what this policy is about.
 * - Images: the portal itself, `data:`/`blob:` (QR codes and icons drawn in the page), and
 *   WeChat's image hosts. `anyHttpsImages` widens that to any https host for the public event
 *   page, whose recap photos are https URLs from any host entered by staff (docs/events.md);
 *   pages staff see while signed in never get it.
 * - Never framed (`frame-ancestors 'none'`, with X-Frame-Options for old browsers), no plugins,
 *   no `<base>` elsewhere, forms post to the portal only.
 */
export function pageCsp(opts: { nonce: string; dev: boolean; anyHttpsImages?: boolean }): string {
  const images = ["'self'", 'data:', 'blob:', ...WECHAT_IMAGE_HOSTS, ...(opts.anyHttpsImages ? ['https:'] : [])];
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${images.join(' ')}`,
    "font-src 'self'",
    // 'self' covers the dev server's hot-reload WebSocket on the same host and port.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
