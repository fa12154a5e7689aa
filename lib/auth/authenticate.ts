import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { burnPasswordCheck, PASSWORD_MAX_LENGTH, verifyPassword } from './password';
import * as rateLimit from './rate-limit';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures allowed per (email, client IP) in the window before attempts are refused unchecked. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures allowed per client IP across all emails (credential stuffing). */
export const LOGIN_MAX_FAILURES_PER_IP = 100;

export type AuthenticateResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * Checks an email and password. Unknown email and wrong password give the same answer and
 * take the same time (docs/reliability.md E3); after too many failures the password is not even
 * hashed (E1). The limit is per (email, IP), so a stranger cannot lock a colleague out (E2).
 */
export async function authenticate(args: { db: Db; email: string; password: string; ip: string }): Promise<AuthenticateResult> {
  const { db, password, ip } = args;
  const email = args.email.trim().toLowerCase();
  const pairKey = `login:${email}:${ip}`;
  const ipKey = `login-ip:${ip}`;
  const [pairFailures, ipFailures] = await Promise.all([
    rateLimit.peek({ db, key: pairKey, windowSeconds: LOGIN_WINDOW_SECONDS }),
    rateLimit.peek({ db, key: ipKey, windowSeconds: 3600 }),
  ]);
  if (pairFailures >= LOGIN_MAX_FAILURES || ipFailures >= LOGIN_MAX_FAILURES_PER_IP) {
    await recordAudit({ db, action: 'login.throttled', detail: { email }, ip });
    return { ok: false, reason: 'throttled' };
  }
  if (!email || !password || password.length > PASSWORD_MAX_LENGTH) return { ok: false, reason: 'invalid' };

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  const valid = user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password);
  if (!valid || !user) {
    await rateLimit.hit({ db, key: pairKey, windowSeconds: LOGIN_WINDOW_SECONDS });
    await rateLimit.hit({ db, key: ipKey, windowSeconds: 3600 });
    await recordAudit({ db, actorId: user?.id ?? null, action: 'login.failed', detail: { email }, ip });
    return { ok: false, reason: 'invalid' };
  }
  await rateLimit.clear({ db, key: pairKey });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit({ db, actorId: user.id, action: 'login.succeeded', ip });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
