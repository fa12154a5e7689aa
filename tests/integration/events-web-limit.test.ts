import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousClientKey } from '../../lib/auth/rate-limit';
import { WEB_REGISTRATION_LIMIT, WEB_REGISTRATION_WINDOW_SECONDS, webRegistrationThrottled } from '../../lib/events/web-registration-limit';
import { createTestDb, type TestDb } from '../helpers/test-db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

describe('the web registration form', () => {
  it(`lets one client submit ${WEB_REGISTRATION_LIMIT} times an hour, then refuses, while others go on`, async () => {
    const now = new Date('2026-11-27T08:00:00Z');
    const one = anonymousClientKey('web-registration', '203.0.113.7', 'test-secret');
    const other = anonymousClientKey('web-registration', '203.0.113.8', 'test-secret');
    expect(one).not.toContain('203.0.113.7');
    for (let i = 0; i < WEB_REGISTRATION_LIMIT; i++) expect(await webRegistrationThrottled({ db: t.db, clientKey: one, now })).toBe(false);
    expect(await webRegistrationThrottled({ db: t.db, clientKey: one, now })).toBe(true);
    expect(await webRegistrationThrottled({ db: t.db, clientKey: other, now })).toBe(false);
    const later = new Date(now.getTime() + (WEB_REGISTRATION_WINDOW_SECONDS + 1) * 1000);
    expect(await webRegistrationThrottled({ db: t.db, clientKey: one, now: later })).toBe(false);
  });
});
