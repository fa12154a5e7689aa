import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema';
import {
  accountDelayMs,
  authenticate,
  LOGIN_ACCOUNT_MAX_DELAY_MS,
  LOGIN_IP_COOL_DOWN,
  LOGIN_MAX_FAILURES,
  LOGIN_PAIR_COOL_DOWN,
} from '../../lib/auth/authenticate';
import { clientIpFrom, parseTrustedProxies, stampClientIp, type TrustedProxies } from '../../lib/auth/client-ip';
import { hashPassword } from '../../lib/auth/password';
import { attempt, coolDownSeconds } from '../../lib/auth/rate-limit';
import { createTestDb, type TestDb } from '../helpers/test-db';

/**
 * docs/reliability.md E1, E2: throttling slows the attacking source, never the account; behind
 * a trusted proxy the source is the real client, and a forged X-Forwarded-For changes nothing.
 */
let t: TestDb;
const PASSWORD = 'right-password-123';

async function addUser(email: string): Promise<void> {
  await t.db.insert(users).values({ email, name: email, passwordHash: await hashPassword(PASSWORD) });
}

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

beforeAll(async () => {
  t = await createTestDb();
  await Promise.all(['victim@wegov.local', 'clock@wegov.local', 'stuffing@wegov.local', 'proxied@wegov.local', 'spoofed@wegov.local', 'burst@wegov.local'].map(addUser));
});
afterAll(async () => {
  await t.close();
});

describe('a stranger cannot lock staff out (E2)', () => {
  it('lets the victim sign in from their own address while an attacker hammers the account from another', async () => {
    const email = 'victim@wegov.local';
    const attacker = await Promise.all(
      Array.from({ length: 30 }, (_, i) => authenticate({ db: t.db, email, password: `guess-${i}`, ip: '198.51.100.66' })),
    );
    // Counted before checking, so of 30 parallel guesses only the free ones were checked.
    expect(attacker.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(LOGIN_MAX_FAILURES);
    expect(attacker.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(30 - LOGIN_MAX_FAILURES);
    // The attacker's own address is cooling down, even with the right password, which is not checked (E1).
    expect(await authenticate({ db: t.db, email, password: PASSWORD, ip: '198.51.100.66' })).toEqual({ ok: false, reason: 'throttled' });

    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    const victim = await authenticate({ db: t.db, email, password: PASSWORD, ip: '203.0.113.10', sleep });
    expect(victim.ok).toBe(true);
    expect(delays).toEqual([]);

    // A distributed attack, one guess from each of 40 addresses: still no refusal for the victim, only a short delay.
    for (let i = 0; i < 40; i++) {
      expect(await authenticate({ db: t.db, email, password: `spread-${i}`, ip: `192.0.2.${i + 1}`, sleep })).toEqual({ ok: false, reason: 'invalid' });
    }
    delays.length = 0;
    expect((await authenticate({ db: t.db, email, password: PASSWORD, ip: '203.0.113.10', sleep })).ok).toBe(true);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays[0]).toBeLessThanOrEqual(LOGIN_ACCOUNT_MAX_DELAY_MS);
    expect(delays[0]).toBe(accountDelayMs(LOGIN_MAX_FAILURES + 40));
  });

  it('allows every free attempt even when concurrent ones read the clock out of order', async () => {
    // Parallel requests take their time before their statements run: the one counted first may
    // carry the later time. A free attempt must not be refused for that.
    const key = `order:${randomBytes(4).toString('hex')}`;
    const late = new Date('2030-01-01T08:00:01Z');
    const early = new Date('2030-01-01T08:00:00Z');
    expect(await attempt({ db: t.db, key, policy: LOGIN_PAIR_COOL_DOWN, now: late })).toMatchObject({ allowed: true, count: 1 });
    for (let count = 2; count <= LOGIN_PAIR_COOL_DOWN.free; count++) {
      expect(await attempt({ db: t.db, key, policy: LOGIN_PAIR_COOL_DOWN, now: early })).toMatchObject({ allowed: true, count });
    }
    // The cool-down then runs from the latest attempt, not the earlier clock reading.
    expect((await attempt({ db: t.db, key, policy: LOGIN_PAIR_COOL_DOWN, now: new Date(late.getTime() + 1_000) })).allowed).toBe(false);
  });

  it('makes a failing source wait a growing, capped cool-down, then checks the password again', async () => {
    const email = 'clock@wegov.local';
    const ip = '198.51.100.7';
    let now = new Date('2030-01-01T08:00:00Z');
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect(await authenticate({ db: t.db, email, password: `guess-${i}`, ip, now })).toEqual({ ok: false, reason: 'invalid' });
    }
    const waits: number[] = [];
    for (let failures = LOGIN_MAX_FAILURES; failures < LOGIN_MAX_FAILURES + 8; failures++) {
      const wait = coolDownSeconds(failures, LOGIN_PAIR_COOL_DOWN);
      waits.push(wait);
      expect(await authenticate({ db: t.db, email, password: 'guess', ip, now: at(now, wait - 1) })).toEqual({ ok: false, reason: 'throttled' });
      now = at(now, wait);
      expect(await authenticate({ db: t.db, email, password: 'guess', ip, now })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(waits).toEqual([15, 30, 60, 120, 240, 480, 900, 900]);
    const [refusal] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'login.throttled'), eq(auditLog.ip, ip)))
      .limit(1);
    expect(refusal?.detail).toEqual({ email, source: 'email+ip', retryAfterSeconds: 1 });
    // Never an account lock: the right password works from this address once the cool-down is over.
    expect((await authenticate({ db: t.db, email, password: PASSWORD, ip, now: at(now, 900) })).ok).toBe(true);
    // …and the success clears that source's count.
    expect(await authenticate({ db: t.db, email, password: 'guess', ip, now: at(now, 901) })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('after 100 failures with random emails from one address, a different address is not blocked, and that address waits minutes, not an hour', { timeout: 120_000 }, async () => {
    const ip = '198.51.100.99';
    let now = new Date('2030-02-01T08:00:00Z');
    for (let i = 0; i < 100; i++) {
      now = at(now, LOGIN_IP_COOL_DOWN.maxSeconds);
      const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
      expect(await authenticate({ db: t.db, email, password: 'guess', ip, now })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await authenticate({ db: t.db, email: 'someone@example.com', password: 'guess', ip, now: at(now, 1) })).toEqual({ ok: false, reason: 'throttled' });
    expect(await authenticate({ db: t.db, email: 'someone@example.com', password: 'guess', ip: '203.0.113.20', now: at(now, 1) })).toEqual({ ok: false, reason: 'invalid' });
    expect((await authenticate({ db: t.db, email: 'stuffing@wegov.local', password: PASSWORD, ip: '203.0.113.20', now: at(now, 1) })).ok).toBe(true);
    expect(await authenticate({ db: t.db, email: 'someone@example.com', password: 'guess', ip, now: at(now, LOGIN_IP_COOL_DOWN.maxSeconds) })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('counts concurrent guesses at the end of a cool-down so only one is checked', async () => {
    const email = 'burst@wegov.local';
    const ip = '198.51.100.5';
    const start = new Date('2030-03-01T08:00:00Z');
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await authenticate({ db: t.db, email, password: `guess-${i}`, ip, now: start });
    const after = at(start, coolDownSeconds(LOGIN_MAX_FAILURES, LOGIN_PAIR_COOL_DOWN));
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => authenticate({ db: t.db, email, password: `burst-${i}`, ip, now: after })));
    expect(burst.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(1);
    expect(burst.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(9);
  });
});

/** The portal server's stamping (lib/server/portal-server.ts) in front of the login check. */
async function loginServer(trusted: TrustedProxies): Promise<{ login(forwardedFor: string, email: string, password: string): Promise<string>; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    stampClientIp(req, trusted);
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    authenticate({ db: t.db, email: params.get('email') ?? '', password: params.get('password') ?? '', ip: clientIpFrom(req.headers) }).then(
      (result) => res.end(result.ok ? 'ok' : result.reason),
      () => {
        res.statusCode = 500;
        res.end('error');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    async login(forwardedFor, email, password) {
      const response = await fetch(`${base}?${new URLSearchParams({ email, password })}`, { headers: { 'x-forwarded-for': forwardedFor } });
      return response.text();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('behind a reverse proxy (TRUSTED_PROXIES, E2, E7)', () => {
  it('throttles two clients of a trusted proxy separately, by their X-Forwarded-For', async () => {
    const server = await loginServer(parseTrustedProxies('127.0.0.1/32,::1/128'));
    try {
      const email = 'proxied@wegov.local';
      for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect(await server.login('6.6.6.6, 198.51.100.1', email, `guess-${i}`)).toBe('invalid');
      expect(await server.login('198.51.100.1', email, PASSWORD)).toBe('throttled');
      expect(await server.login('198.51.100.2', email, PASSWORD)).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy, so rotating it does not escape the throttle', async () => {
    const server = await loginServer(parseTrustedProxies('10.0.0.0/8'));
    try {
      const email = 'spoofed@wegov.local';
      for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect(await server.login(`198.51.100.${i + 10}`, email, `guess-${i}`)).toBe('invalid');
      expect(await server.login('198.51.100.200', email, PASSWORD)).toBe('throttled');
      const [refusal] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'login.throttled'), eq(auditLog.ip, '127.0.0.1')))
        .limit(1);
      expect(refusal?.detail).toMatchObject({ email, source: 'email+ip' });
    } finally {
      await server.close();
    }
  });
});
