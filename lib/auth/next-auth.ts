import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '../../db';
import { authenticate } from './authenticate';
import { clientIpFrom } from './client-ip';

const Credentials = z.object({ email: z.string().trim().max(254), password: z.string().max(1000) });

/**
 * next-auth v4 with the credentials provider. Sessions are JWTs (next-auth allows nothing else
 * with credentials): stateless and cheap, and made revocable by carrying the user's
 * `session_version`, which every admin request compares with the database (lib/auth/session).
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60, updateAge: 30 * 60 },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'email',
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(raw, request) {
        const parsed = Credentials.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const result = await authenticate({
          db,
          email: parsed.data.email,
          password: parsed.data.password,
          ip: clientIpFrom(request?.headers ?? {}),
        });
        if (!result.ok) throw new Error(result.reason === 'throttled' ? 'Throttled' : 'CredentialsSignin');
        return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sv = (user as { sv?: number }).sv ?? 1;
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub, sv: token.sv } };
    },
    redirect({ url, baseUrl }) {
      // Only our own origin, and never a 500 on a malformed callbackUrl (docs/reliability.md E7).
      if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return `${baseUrl}${url}`;
      try {
        if (new URL(url).origin === baseUrl) return url;
      } catch {
        /* malformed: fall through to the home page */
      }
      return baseUrl;
    },
  },
};
