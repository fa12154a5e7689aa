import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { authenticate, LOGIN_IP_COOL_DOWN, LOGIN_MAX_FAILURES, loginAttemptsLeft } from '../../lib/auth/authenticate';
import { attemptsLeftOf, loginErrorText } from '../../lib/auth/login-error';
import { hashPassword } from '../../lib/auth/password';
import { createTestDb, type TestDb } from '../helpers/test-db';

/**
 * Issue 11 item 11: before the last attempts, a failed sign-in says how many remain before a
 * cool-down — the same for an email that has an account and one that has none (E3), and never
 * more than the throttle (docs/reliability.md E1, E2) will in fact allow.
 */
let t: TestDb;
const PASSWORD = 'right-password-123';

beforeAll(async () => {
  t = await createTestDb();
  await t.db.insert(users).values({ email: 'known@wegov.local', name: 'known', passwordHash: await hashPassword(PASSWORD) });
});
afterAll(async () => {
  await t.close();
});

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe('attempts left before a cool-down', () => {
  it('counts down alike for a known and an unknown email, reaches 0 when the next attempt must wait, and resets on success', async () => {
    const now = new Date('2031-01-01T08:00:00Z');
    const trail: Record<string, number[]> = { 'known@wegov.local': [], 'nobody@example.com': [] };
    for (const [email, left] of Object.entries(trail)) {
      const ip = email.startsWith('known') ? '198.51.100.31' : '198.51.100.32';
      left.push(await loginAttemptsLeft({ db: t.db, email, ip, now }));
      for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
        expect(await authenticate({ db: t.db, email, password: `guess-${i}`, ip, now })).toEqual({ ok: false, reason: 'invalid' });
        left.push(await loginAttemptsLeft({ db: t.db, email: email.toUpperCase(), ip, now }));
      }
      // 0 left: the throttle does refuse the next attempt.
      expect(await authenticate({ db: t.db, email, password: PASSWORD, ip, now: at(now, 1) })).toEqual({ ok: false, reason: 'throttled' });
    }
    expect(trail['known@wegov.local']).toEqual([5, 4, 3, 2, 1, 0]);
    expect(trail['nobody@example.com']).toEqual(trail['known@wegov.local']);

    // After the cool-down the right password signs in, and the count starts again.
    const later = at(now, 60);
    expect((await authenticate({ db: t.db, email: 'known@wegov.local', password: PASSWORD, ip: '198.51.100.31', now: later })).ok).toBe(true);
    expect(await loginAttemptsLeft({ db: t.db, email: 'known@wegov.local', ip: '198.51.100.31', now: later })).toBe(LOGIN_MAX_FAILURES);
    // A quiet hour forgets the count too.
    expect(await loginAttemptsLeft({ db: t.db, email: 'nobody@example.com', ip: '198.51.100.32', now: at(now, 3601) })).toBe(LOGIN_MAX_FAILURES);
  });

  it('takes the address-wide counter into account (many emails from one address)', async () => {
    const ip = '198.51.100.33';
    let now = new Date('2031-02-01T08:00:00Z');
    for (let i = 0; i < LOGIN_IP_COOL_DOWN.free - 2; i++) {
      now = at(now, 1);
      await authenticate({ db: t.db, email: `spray-${randomBytes(3).toString('hex')}@example.com`, password: 'guess', ip, now });
    }
    // A fresh email from that address has only the address's last two.
    expect(await loginAttemptsLeft({ db: t.db, email: 'fresh@example.com', ip, now })).toBe(2);
    expect(await loginAttemptsLeft({ db: t.db, email: 'fresh@example.com', ip: '203.0.113.33', now })).toBe(LOGIN_MAX_FAILURES);
  });
});

describe('the error line', () => {
  const copy = { invalid: 'invalid', throttled: 'throttled', attemptsLeft: '{n} left', attemptsNone: 'wait next' };
  it('reads the count from the sign-in error and nothing else', () => {
    expect(loginErrorText('AttemptsLeft:2', copy)).toBe('2 left');
    expect(loginErrorText('AttemptsLeft:0', copy)).toBe('wait next');
    expect(loginErrorText('Throttled', copy)).toBe('throttled');
    expect(loginErrorText('CredentialsSignin', copy)).toBe('invalid');
    expect(attemptsLeftOf('AttemptsLeft:2; drop table')).toBeNull();
  });
});
