import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { newNonce, pageCsp } from '@/lib/server/security-headers';

/**
 * Two jobs, for pages only:
 *
 * 1. Every page gets a Content-Security-Policy with a fresh nonce (lib/server/security-headers.ts,
 *    the second line of docs/reliability.md G3). Next reads the nonce from the request's copy of
 *    the header and puts it on its own scripts; the response's copy replaces the portal server's
 *    strict non-page policy. Pages must render per request for this — they do: the root layout
 *    reads the locale cookie.
 * 2. Anonymous visitors of /admin are sent to the login page. A convenience, not the
 *    authorisation layer: every admin page, action and handler checks the session and the
 *    account itself (lib/auth/session.ts, docs/reliability.md F10).
 *
 * It never runs on /api (the API's responses keep the strict policy; /api/wechat is answered by
 * the portal server before Next, README "The WeChat webhook"), on Next's static files or on the
 * simulator.
 */
const adminGate = withAuth({ pages: { signIn: '/login' } });

const isAdminPath = (pathname: string) => pathname === '/admin' || pathname.startsWith('/admin/');

export default async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const { pathname } = request.nextUrl;
  const csp = pageCsp({
    nonce: newNonce(),
    // Compiled in by Next: `npm run dev` builds this file in development mode.
    dev: process.env.NODE_ENV === 'development',
    // The public event page shows staff-entered recap photos from any https host (docs/events.md).
    anyHttpsImages: pathname.startsWith('/events/'),
  });
  if (isAdminPath(pathname)) {
    // The same call as before: undefined lets the request through, a response is the redirect.
    const redirect = await adminGate(request as NextRequestWithAuth, event);
    if (redirect) {
      redirect.headers.set('Content-Security-Policy', csp);
      return redirect;
    }
  }
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: ['/((?!api/|api$|_next/static/|_next/image|favicon\\.ico$|__wechat-sim).*)'],
};
