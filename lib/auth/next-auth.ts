import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { cache } from 'react';
import { z } from 'zod';
import { getDb } from '../../db';
import { errorFields, log } from '../log';
import { authenticate, LOGIN_WARN_ATTEMPTS_LEFT, loginAttemptsLeft } from './authenticate';
import { clientIpFrom } from './client-ip';
import { attemptsLeftError } from './login-error';
import { safeCallbackPath } from './safe-callback';
import { checkSession, endSession, loadSessionRecord, SESSION_IDLE_SECONDS, startSession, type SessionRefusal } from './sessions';

const Credentials = z.object({ email: z.string().trim().max(254), password: z.string().max(1000) });

/**
 * The session row and user behind a JWT, looked up once per request: next-auth's callback and
 * the admin gate (lib/auth/session.ts) both ask within one server render. Outside a render
 * (route handlers) React's cache does not memoise, so a revocation is never served stale.
 */
export const loadSessionOnce = cache(async (userId: string, sid: string) => loadSessionRecord(await getDb(), userId, sid));

/** Thrown from the jwt callback: next-auth then answers "no session" and clears the cookie. */
class SessionRefused extends Error {
  constructor(readonly reason: SessionRefusal) {
    super(`session refused: ${reason}`);
    this.name = 'SessionRefused';
  }
}

/**
 * next-auth v4 with the credentials provider. Sessions are JWTs (next-auth allows nothing else
 * with credentials), each naming a server-side `user_sessions` row (`sid`) and the user's
 * `session_version` (`sv`); lib/auth/sessions.ts decides whether that session still lives
 * (docs/reliability.md E5, E10, E11). `maxAge` is the idle lifetime; the absolute one is the row's.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_IDLE_SECONDS, updateAge: 30 * 60 },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'email',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw, request) {
        const parsed = Credentials.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const headers = request?.headers ?? {};
        const ip = clientIpFrom(headers);
        const result = await authenticate({ db, email: parsed.data.email, password: parsed.data.password, ip });
        if (!result.ok && result.reason === 'throttled') throw new Error('Throttled');
        if (!result.ok) {
          // Near a cool-down the form says how many tries remain (app/login/login-form.tsx).
          const left = await loginAttemptsLeft({ db, email: parsed.data.email, ip });
          throw new Error(left <= LOGIN_WARN_ATTEMPTS_LEFT ? attemptsLeftError(left) : 'CredentialsSignin');
        }
        const userAgent = (headers as Record<string, unknown>)['user-agent'];
        const { sid } = await startSession({ db, userId: result.user.id, ip, userAgent: typeof userAgent === 'string' ? userAgent : null });
        return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion, sid };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        // Sign-in: authorize has just opened the session row.
        const signedIn = user as { sv?: number; sid?: string };
        token.sv = signedIn.sv;
        token.sid = signedIn.sid;
        return token;
      }
      // Every other read of the token — getServerSession on each admin request, and
      // /api/auth/session, which would otherwise re-issue a fresh cookie for an ended session.
      const verdict = await checkSession({ db: await getDb(), claims: token, load: (_db, userId, sid) => loadSessionOnce(userId, sid) });
      if (!verdict.ok) throw new SessionRefused(verdict.reason);
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub, sv: token.sv, sid: token.sid } };
    },
    redirect({ url, baseUrl }) {
      // Only our own origin, and never a 500 on a malformed callbackUrl (docs/reliability.md E7).
      const origin = new URL(baseUrl).origin;
      return `${origin}${safeCallbackPath(url, origin, '/')}`;
    },
  },
  events: {
    // Sign-out ends this session on the server, not just in this browser (E10): a copy of the
    // cookie stops working too.
    async signOut({ token }) {
      if (typeof token?.sub === 'string' && typeof token.sid === 'string') {
        await endSession({ db: await getDb(), userId: token.sub, sid: token.sid, reason: 'sign_out' });
      }
    },
  },
  logger: {
    error(code, metadata) {
      const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
      // An ended or expired session is an expected answer, not a fault.
      if (error instanceof SessionRefused) return log.info('auth.session_refused', { reason: error.reason });
      log.error('auth.error', { code, ...errorFields(error ?? metadata) });
    },
    warn(code) {
      log.warn('auth.warning', { code });
    },
    debug() {},
  },
};
