import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { userSessions, users, type User, type UserSession } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { staffFromUser, type Staff } from './access';

/**
 * Server-side sessions behind the stateless JWT (docs/reliability.md E5, E10, E11).
 *
 * Sign-in writes one `user_sessions` row; the JWT carries its id (`sid`) and the user's
 * `session_version` (`sv`). Every request that trusts the JWT — each admin page, action and
 * handler through lib/auth/session.ts, and next-auth's own `/api/auth/session`, which would
 * otherwise re-issue a fresh cookie forever — asks `checkSession`, which refuses when
 *  - the row is missing or ended (sign-out ends its own row; sign-out everywhere, a password
 *    or role change and disabling end them all),
 *  - the row is past its absolute lifetime (7 days from sign-in; refreshing never moves it),
 *  - the user is disabled, or their `session_version` moved on since the JWT was issued.
 * The idle lifetime (12 hours) is the JWT's own expiry, which next-auth checks before we run.
 */
export const SESSION_IDLE_SECONDS = 12 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60;

/** Why sessions end; `revokeAllSessions` takes the last four (the administration screens call it). */
export type SessionEndReason = 'sign_out' | 'sign_out_everywhere' | 'password_change' | 'role_change' | 'disabled';

export type SessionRefusal = 'malformed' | 'unknown' | 'ended' | 'expired' | 'disabled' | 'version';
export type SessionVerdict = { ok: true; staff: Staff; session: UserSession } | { ok: false; reason: SessionRefusal };

/** What the JWT says; read as unknown, since a token from before user_sessions has no `sid`. */
export interface SessionClaims {
  sub?: unknown;
  sid?: unknown;
  sv?: unknown;
}

export interface SessionRecord {
  user: User;
  session: UserSession;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens a session at sign-in; its absolute end is fixed here, once. */
export async function startSession(args: {
  db: Db;
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
  now?: Date;
}): Promise<{ sid: string; expiresAt: Date }> {
  const now = args.now ?? new Date();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000);
  const [row] = await args.db
    .insert(userSessions)
    .values({ userId: args.userId, createdAt: now, expiresAt, ip: args.ip ?? null, userAgent: args.userAgent?.slice(0, 300) ?? null })
    .returning({ id: userSessions.id });
  return { sid: row!.id, expiresAt };
}

/** The session row and its user in one query (each admin request pays for exactly this). */
export async function loadSessionRecord(db: Db, userId: string, sid: string): Promise<SessionRecord | null> {
  if (!UUID.test(userId) || !UUID.test(sid)) return null;
  const [row] = await db
    .select({ user: users, session: userSessions })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sid), eq(userSessions.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** The rule, on a record already loaded: pure, so the clock is whatever the caller says. */
export function judgeSession(record: SessionRecord | null, claims: SessionClaims, now: Date): SessionVerdict {
  if (!record) return { ok: false, reason: 'unknown' };
  const { user, session } = record;
  if (session.endedAt) return { ok: false, reason: 'ended' };
  if (session.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (user.disabledAt) return { ok: false, reason: 'disabled' };
  if (user.sessionVersion !== claims.sv) return { ok: false, reason: 'version' };
  return { ok: true, staff: staffFromUser(user), session };
}

/**
 * Is this JWT's session still alive? `load` lets a request share one lookup between
 * next-auth's callback and the admin gate (lib/auth/next-auth.ts caches it per request).
 */
export async function checkSession(args: {
  db: Db;
  claims: SessionClaims;
  now?: Date;
  load?: (db: Db, userId: string, sid: string) => Promise<SessionRecord | null>;
}): Promise<SessionVerdict> {
  const { sub, sid, sv } = args.claims;
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof sv !== 'number') return { ok: false, reason: 'malformed' };
  const record = await (args.load ?? loadSessionRecord)(args.db, sub, sid);
  return judgeSession(record, args.claims, args.now ?? new Date());
}

/** Ends one session (sign-out). Ending an ended or unknown session changes nothing. */
export async function endSession(args: {
  db: Db;
  userId: string;
  sid: string;
  reason?: SessionEndReason;
  ip?: string | null;
  now?: Date;
}): Promise<boolean> {
  if (!UUID.test(args.userId) || !UUID.test(args.sid)) return false;
  const reason = args.reason ?? 'sign_out';
  const ended = await args.db
    .update(userSessions)
    .set({ endedAt: args.now ?? new Date(), endReason: reason })
    .where(and(eq(userSessions.id, args.sid), eq(userSessions.userId, args.userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  if (ended.length === 0) return false;
  await recordAudit({ db: args.db, actorId: args.userId, action: 'session.ended', entityType: 'user_session', entityId: args.sid, detail: { reason }, ip: args.ip ?? null });
  return true;
}

/**
 * Ends every session of a user: sign out everywhere, and what a password change, a role change
 * or disabling must do (docs/reliability.md E5, E10). Bumping `session_version` also ends any
 * token no row knows about; ending the rows keeps "your sessions" truthful. One transaction,
 * audited with who did it (`actorId`, the user themself unless an administrator acted).
 */
export async function revokeAllSessions(args: {
  db: Db;
  userId: string;
  reason: Exclude<SessionEndReason, 'sign_out'>;
  actorId?: string | null;
  ip?: string | null;
  now?: Date;
}): Promise<{ ended: number; sessionVersion: number } | null> {
  const now = args.now ?? new Date();
  if (!UUID.test(args.userId)) return null;
  return args.db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, args.userId))
      .returning({ sessionVersion: users.sessionVersion });
    if (!user) return null;
    const ended = await tx
      .update(userSessions)
      .set({ endedAt: now, endReason: args.reason })
      .where(and(eq(userSessions.userId, args.userId), isNull(userSessions.endedAt)))
      .returning({ id: userSessions.id });
    await recordAudit({
      db: tx as unknown as Db,
      actorId: args.actorId === undefined ? args.userId : args.actorId,
      action: 'session.revoked_all',
      entityType: 'user',
      entityId: args.userId,
      detail: { reason: args.reason, ended: ended.length },
      ip: args.ip ?? null,
    });
    return { ended: ended.length, sessionVersion: user.sessionVersion };
  });
}
