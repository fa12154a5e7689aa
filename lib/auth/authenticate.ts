import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { burnPasswordCheck, PASSWORD_MAX_LENGTH, verifyPassword } from './password';
import * as rateLimit from './rate-limit';

/** Failures per (email, client IP) before that source must cool down between attempts. */
export const LOGIN_MAX_FAILURES = 5;
/**
 * Per (email, client IP): after LOGIN_MAX_FAILURES, 15 s, 30 s, 60 s… at most 15 minutes between
 * attempts; forgotten after an hour without one (docs/reliability.md E1).
 */
export const LOGIN_PAIR_COOL_DOWN: rateLimit.CoolDownPolicy = { free: LOGIN_MAX_FAILURES, baseSeconds: 15, maxSeconds: 15 * 60, forgetAfterSeconds: 3600 };
/**
 * Per client IP across all emails (credential stuffing, random emails): after 20 failures,
 * 1 s, 2 s, 4 s… at most 5 minutes between attempts; forgotten after a quiet hour (E2).
 */
export const LOGIN_IP_COOL_DOWN: rateLimit.CoolDownPolicy = { free: 20, baseSeconds: 1, maxSeconds: 5 * 60, forgetAfterSeconds: 3600 };
/** Per account from every address (a distributed attack): failures counted in this window… */
export const LOGIN_ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** …slow every attempt on the account once there are this many… */
export const LOGIN_ACCOUNT_DELAY_AFTER = 10;
/** …by 100 ms per further failure, at most this long. A delay, never a refusal (E2). */
export const LOGIN_ACCOUNT_MAX_DELAY_MS = 2_000;

/** The pause every attempt on an account takes while it has `failures` recent failures from anywhere. */
export function accountDelayMs(failures: number): number {
  if (failures < LOGIN_ACCOUNT_DELAY_AFTER) return 0;
  return Math.min((failures - LOGIN_ACCOUNT_DELAY_AFTER + 1) * 100, LOGIN_ACCOUNT_MAX_DELAY_MS);
}

/** The counters of one source: the typed email (lower-cased) from one client IP, and that IP. */
const pairKeyOf = (email: string, ip: string) => `login:${email}:${ip}`;
const ipKeyOf = (ip: string) => `login-ip:${ip}`;

/** From this many attempts left before a cool-down, a failed sign-in says how many remain. */
export const LOGIN_WARN_ATTEMPTS_LEFT = 2;

/**
 * Attempts this source — (email, client IP) and the client IP alone, the two counters that can
 * refuse — has before it must cool down, for the warning after a failed sign-in. The counters
 * are keyed by the typed email whether or not an account has it, and unknown and known emails
 * count alike (E3), so the figure says nothing about whether the email exists.
 */
export async function loginAttemptsLeft(args: { db: Db; email: string; ip: string; now?: Date }): Promise<number> {
  const { db, ip, now } = args;
  const email = args.email.trim().toLowerCase();
  const [pair, source] = await Promise.all([
    rateLimit.freeAttemptsLeft({ db, key: pairKeyOf(email, ip), policy: LOGIN_PAIR_COOL_DOWN, now }),
    rateLimit.freeAttemptsLeft({ db, key: ipKeyOf(ip), policy: LOGIN_IP_COOL_DOWN, now }),
  ]);
  return Math.min(pair, source);
}

export type AuthenticateResult =
  | { ok: true; user: { id: string; email: string; name: string; sessionVersion: number } }
  | { ok: false; reason: 'invalid' | 'throttled' };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Checks an email and password. Unknown email and wrong password give the same answer and take
 * the same time (docs/reliability.md E3): both run one argon2 verification and count on the same
 * counters, which are keyed by the typed email whether or not it exists.
 *
 * Throttling punishes the source, never the account, so no stranger can lock a colleague out
 * (E2). A source is (email, client IP) and the client IP alone: past their free failures they must
 * cool down between attempts (growing, capped), and an attempt during a cool-down is refused
 * without the password being checked (E1). The account itself only gets a short delay when
 * failures come from many addresses; a right password from an address that is not cooling down
 * always signs in. The client IP is the real client behind TRUSTED_PROXIES (lib/auth/client-ip.ts).
 *
 * `now` and `sleep` let tests move the clock and see the delay instead of waiting.
 */
export async function authenticate(args: {
  db: Db;
  email: string;
  password: string;
  ip: string;
  now?: Date;
  sleep?: (ms: number) => Promise<void>;
}): Promise<AuthenticateResult> {
  const { db, password, ip, now } = args;
  const email = args.email.trim().toLowerCase();
  // Nothing below is checked for these, so there is nothing to count.
  if (!email || !password || password.length > PASSWORD_MAX_LENGTH) return { ok: false, reason: 'invalid' };
  const pairKey = pairKeyOf(email, ip);
  const ipKey = ipKeyOf(ip);
  const accountKey = `login-account:${email}`;

  // Counted before the check, so parallel guesses cannot all slip through one free slot.
  const pair = await rateLimit.attempt({ db, key: pairKey, policy: LOGIN_PAIR_COOL_DOWN, now });
  const source = pair.allowed ? await rateLimit.attempt({ db, key: ipKey, policy: LOGIN_IP_COOL_DOWN, now }) : pair;
  if (!pair.allowed || !source.allowed) {
    if (pair.allowed) await rateLimit.release({ db, key: pairKey });
    const retryAfterSeconds = !pair.allowed ? pair.retryAfterSeconds : !source.allowed ? source.retryAfterSeconds : 0;
    await recordAudit({ db, action: 'login.throttled', detail: { email, source: pair.allowed ? 'ip' : 'email+ip', retryAfterSeconds }, ip });
    return { ok: false, reason: 'throttled' };
  }

  const accountFailures = await rateLimit.peek({ db, key: accountKey, windowSeconds: LOGIN_ACCOUNT_WINDOW_SECONDS, now });
  const delay = accountDelayMs(accountFailures);
  if (delay > 0) await (args.sleep ?? pause)(delay);

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);
  const valid = user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await burnPasswordCheck(password);
  if (!valid || !user) {
    // The pair and IP counters already hold this failure.
    await rateLimit.hit({ db, key: accountKey, windowSeconds: LOGIN_ACCOUNT_WINDOW_SECONDS, now });
    await recordAudit({ db, actorId: user?.id ?? null, action: 'login.failed', detail: { email }, ip });
    return { ok: false, reason: 'invalid' };
  }
  // The account counter stays: a distributed attack does not end because the owner signed in.
  await rateLimit.clear({ db, key: pairKey });
  await rateLimit.release({ db, key: ipKey });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit({ db, actorId: user.id, action: 'login.succeeded', ip });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
