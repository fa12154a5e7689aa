import { withAuth } from 'next-auth/middleware';

/**
 * Sends anonymous visitors of /admin to the login page. It is a convenience, not the
 * authorisation layer: every admin page, action and handler checks the session and the
 * account itself (lib/auth/session.ts), and this never runs on /api/wechat.
 */
export default withAuth({ pages: { signIn: '/login' } });

export const config = { matcher: ['/admin', '/admin/:path*'] };
