import { and, eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, userSessions, users } from '../../db/schema';
import { authOptions } from '../../lib/auth/next-auth';
import { hashPassword } from '../../lib/auth/password';
import {
  checkSession,
  endSession,
  revokeAllSessions,
  SESSION_ABSOLUTE_SECONDS,
  startSession,
  type SessionClaims,
} from '../../lib/auth/sessions';
import { createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';

/**
 * Sessions that can be ended (docs/reliability.md E5, E10, E11; issue 10 item 2): sign-out ends
 * one, sign out everywhere and the administration's password, role and disable changes end them
 * all, and no session outlives 7 days from its sign-in. The clock is passed in, never waited for.
 */
let t: TestDb;
let userId: string;
let otherId: string;
const SECRET = 'integration-session-secret-0123456789';
// Sign-ins happen "now"; later moments are T0 plus seconds, handed to the check as its clock.
const T0 = new Date();
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

async function version(id: string): Promise<number> {
  const [row] = await t.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, id));
  return row!.sv;
}

async function signedIn(id: string, now = T0): Promise<SessionClaims & { sub: string; sid: string; sv: number }> {
  const { sid } = await startSession({ db: t.db, userId: id, ip: '10.1.0.1', userAgent: 'vitest', now });
  return { sub: id, sid, sv: await version(id) };
}

beforeAll(async () => {
  t = await createSeededAppDb();
  const [user] = await t.db
    .insert(users)
    .values({ email: 'sessions@wegov.local', name: '会话测试', passwordHash: await hashPassword('session-password-123') })
    .returning();
  const [other] = await t.db
    .insert(users)
    .values({ email: 'sessions.other@wegov.local', name: '另一位', passwordHash: await hashPassword('session-password-456') })
    .returning();
  userId = user!.id;
  otherId = other!.id;
});
afterAll(async () => {
  await t.close();
});

describe('one session', () => {
  it('lives from sign-in, and sign-out ends it on the server, audited', async () => {
    const claims = await signedIn(userId);
    const live = await checkSession({ db: t.db, claims, now: at(60) });
    expect(live.ok && live.staff.email).toBe('sessions@wegov.local');

    expect(await endSession({ db: t.db, userId, sid: claims.sid, now: at(120) })).toBe(true);
    expect(await checkSession({ db: t.db, claims, now: at(180) })).toEqual({ ok: false, reason: 'ended' });
    // Ending it twice changes nothing and audits once.
    expect(await endSession({ db: t.db, userId, sid: claims.sid })).toBe(false);
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.ended'), eq(auditLog.entityId, claims.sid)));
    expect(audits.map((a) => [a.actorId, a.detail])).toEqual([[userId, { reason: 'sign_out' }]]);
  });

  it("cannot be ended by another user's sign-out, and a session id under another user is unknown", async () => {
    const claims = await signedIn(userId);
    expect(await endSession({ db: t.db, userId: otherId, sid: claims.sid })).toBe(false);
    expect((await checkSession({ db: t.db, claims, now: at(1) })).ok).toBe(true);
    expect(await checkSession({ db: t.db, claims: { ...claims, sub: otherId, sv: await version(otherId) }, now: at(1) })).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('refuses tokens without a session id (issued before user_sessions), unknown ids and junk claims', async () => {
    const sv = await version(userId);
    expect(await checkSession({ db: t.db, claims: { sub: userId, sv } })).toEqual({ ok: false, reason: 'malformed' });
    expect(await checkSession({ db: t.db, claims: { sub: userId, sv, sid: '00000000-0000-4000-8000-000000000000' } })).toEqual({
      ok: false,
      reason: 'unknown',
    });
    expect(await checkSession({ db: t.db, claims: { sub: userId, sv, sid: "x' or '1'='1" } })).toEqual({ ok: false, reason: 'unknown' });
    expect(await checkSession({ db: t.db, claims: { sub: userId, sv: String(sv), sid: 'x' } })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('ends 7 days after sign-in however often it is used, and refreshing never moves that', async () => {
    const claims = await signedIn(userId, T0);
    for (const seconds of [1, 11 * 3600, 3 * 86400, SESSION_ABSOLUTE_SECONDS - 1]) {
      expect((await checkSession({ db: t.db, claims, now: at(seconds) })).ok).toBe(true);
    }
    expect(await checkSession({ db: t.db, claims, now: at(SESSION_ABSOLUTE_SECONDS) })).toEqual({ ok: false, reason: 'expired' });
    const [row] = await t.db.select().from(userSessions).where(eq(userSessions.id, claims.sid));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(SESSION_ABSOLUTE_SECONDS * 1000);
  });

  it('is refused once the user is disabled', async () => {
    const [user] = await t.db
      .insert(users)
      .values({ email: 'sessions.disabled@wegov.local', name: '停用', passwordHash: await hashPassword('session-password-789') })
      .returning();
    const claims = await signedIn(user!.id);
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user!.id));
    expect(await checkSession({ db: t.db, claims })).toEqual({ ok: false, reason: 'disabled' });
  });
});

describe('every session of a user', () => {
  it('a bumped session_version refuses tokens issued before it, even if their row is still open', async () => {
    const claims = await signedIn(userId);
    await t.db.update(users).set({ sessionVersion: claims.sv + 1 }).where(eq(users.id, userId));
    expect(await checkSession({ db: t.db, claims })).toEqual({ ok: false, reason: 'version' });
  });

  it.each(['sign_out_everywhere', 'password_change', 'role_change', 'disabled'] as const)(
    'revokeAllSessions (%s) ends them all, leaves other users alone, and is audited',
    async (reason) => {
      const phone = await signedIn(userId);
      const laptop = await signedIn(userId);
      const colleague = await signedIn(otherId);
      const adminId = (await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local')))[0]!.id;

      const result = await revokeAllSessions({ db: t.db, userId, reason, actorId: adminId, ip: '10.1.0.9' });
      expect(result?.sessionVersion).toBe(phone.sv + 1);
      expect(result!.ended).toBeGreaterThanOrEqual(2);
      for (const claims of [phone, laptop]) expect((await checkSession({ db: t.db, claims })).ok).toBe(false);
      // Even with the new version, an ended row stays ended.
      expect(await checkSession({ db: t.db, claims: { ...phone, sv: result!.sessionVersion } })).toEqual({ ok: false, reason: 'ended' });
      expect((await checkSession({ db: t.db, claims: colleague })).ok).toBe(true);
      // Signing in again works.
      expect((await checkSession({ db: t.db, claims: await signedIn(userId) })).ok).toBe(true);

      const [audit] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'session.revoked_all'), eq(auditLog.entityId, userId)))
        .orderBy(auditLog.id)
        .then((rows) => rows.slice(-1));
      expect(audit).toMatchObject({ actorId: adminId, entityType: 'user', ip: '10.1.0.9', detail: { reason, ended: result!.ended } });
    },
  );

  it('answers null for a user that does not exist', async () => {
    expect(await revokeAllSessions({ db: t.db, userId: '00000000-0000-4000-8000-000000000000', reason: 'disabled' })).toBeNull();
    expect(await revokeAllSessions({ db: t.db, userId: 'not-a-uuid', reason: 'disabled' })).toBeNull();
  });
});

describe("next-auth's own /api/auth/session", () => {
  const options = { ...authOptions, secret: SECRET };
  const COOKIE = 'next-auth.session-token';

  /**
   * next-auth's session action, the code behind /api/auth/session: getServerSession's
   * (req, res, options) form runs exactly it, and hands its Set-Cookie headers to `res`.
   */
  async function sessionRoute(claims: { sub: string; sid?: string; sv: number }) {
    const token = await encode({ token: { ...claims, name: '会话测试', email: 'sessions@wegov.local' }, secret: SECRET, maxAge: 12 * 3600 });
    const setCookies: string[] = [];
    const res = {
      getHeader: () => setCookies,
      setHeader: (_name: string, value: string[]) => setCookies.splice(0, setCookies.length, ...value),
      setCookie: () => {},
    };
    const req = { headers: { host: 'localhost:3000' }, cookies: { [COOKIE]: token } };
    const session = await getServerSession(req as never, res as never, options);
    const cookie = setCookies.find((c) => c.startsWith(`${COOKIE}=`));
    return { session, cookieValue: cookie?.split(';')[0]!.slice(COOKIE.length + 1) };
  }

  it('re-issues the cookie of a live session, and answers no session (clearing the cookie) once it is ended', async () => {
    const claims = await signedIn(userId, new Date());
    const live = await sessionRoute(claims);
    expect((live.session?.user as { id?: string } | undefined)?.id).toBe(userId);
    expect(live.cookieValue).toBeTruthy();

    await authOptions.events!.signOut!({ token: { sub: claims.sub, sid: claims.sid, sv: claims.sv }, session: undefined as never });
    const ended = await sessionRoute(claims);
    expect(ended.session).toBeNull();
    expect(ended.cookieValue).toBe('');
  });

  it('answers no session after sign out everywhere, and for a token from before user_sessions', async () => {
    const claims = await signedIn(userId, new Date());
    await revokeAllSessions({ db: t.db, userId, reason: 'sign_out_everywhere' });
    expect((await sessionRoute(claims)).session).toBeNull();
    expect((await sessionRoute({ sub: userId, sv: await version(userId) })).session).toBeNull();
  });

  it("answers no session for a session past its absolute lifetime, though the JWT's own expiry is fresh", async () => {
    const claims = await signedIn(userId, new Date(Date.now() - SESSION_ABSOLUTE_SECONDS * 1000 - 1000));
    expect((await sessionRoute(claims)).session).toBeNull();
  });

  it('redirects only to our own origin', async () => {
    const redirect = authOptions.callbacks!.redirect!;
    const baseUrl = 'http://localhost:3000';
    expect(await redirect({ url: '/admin/inbox?account=zhaoqing-police', baseUrl })).toBe('http://localhost:3000/admin/inbox?account=zhaoqing-police');
    expect(await redirect({ url: 'http://localhost:3000/login', baseUrl })).toBe('http://localhost:3000/login');
    for (const url of ['/\\evil.example/pwn', '/\t/evil.example', '//evil.example', 'https://localhost:3000@evil.example/', 'javascript:alert(1)']) {
      expect(await redirect({ url, baseUrl })).toBe('http://localhost:3000/');
    }
  });
});
