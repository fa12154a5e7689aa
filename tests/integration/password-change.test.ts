import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, userSessions, users } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { authenticate } from '../../lib/auth/authenticate';
import { hashPassword } from '../../lib/auth/password';
import { changePasswordCommand } from '../../lib/auth/password-change';
import { checkSession, startSession } from '../../lib/auth/sessions';
import { createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';

/**
 * Change my password (issue 12 §2; docs/admin.md "Change my password"): the current password is
 * required, a wrong one changes nothing and is named at its field, guessing is throttled, and a
 * change ends every session of the user, audited.
 */
let t: TestDb;

async function newStaff(email: string, password: string): Promise<Staff> {
  const [user] = await t.db.insert(users).values({ email, name: email, passwordHash: await hashPassword(password) }).returning();
  return staffFromUser(user!);
}

async function signedIn(staff: Staff) {
  const { sid } = await startSession({ db: t.db, userId: staff.id, ip: '10.2.0.1', userAgent: 'vitest' });
  const [row] = await t.db.select({ sv: users.sessionVersion }).from(users).where(eq(users.id, staff.id));
  return { sub: staff.id, sid, sv: row!.sv };
}

const change = (staff: Staff, input: Record<string, unknown>) => changePasswordCommand({ db: t.db, staff, input, ip: '10.2.0.1' });
const signIn = (email: string, password: string) => authenticate({ db: t.db, email, password, ip: '10.2.0.9', sleep: async () => {} });
const auditsOf = (staff: Staff, action: string) => t.db.select().from(auditLog).where(and(eq(auditLog.actorId, staff.id), eq(auditLog.action, action)));

beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

describe('change my password', () => {
  it('refuses a wrong current password at its field, changing nothing and ending no session, audited', async () => {
    const staff = await newStaff('wrong@perms.local', 'old-password-1');
    const claims = await signedIn(staff);
    const result = await change(staff, { currentPassword: 'not-it-at-all', newPassword: 'new-password-1', confirmPassword: 'new-password-1' });
    expect(result).toEqual({ ok: false, fieldErrors: { currentPassword: ['wrong'] } });
    expect((await signIn('wrong@perms.local', 'old-password-1')).ok).toBe(true);
    expect((await signIn('wrong@perms.local', 'new-password-1')).ok).toBe(false);
    expect((await checkSession({ db: t.db, claims })).ok).toBe(true);
    expect(await auditsOf(staff, 'password.change_failed')).toHaveLength(1);
    expect(await auditsOf(staff, 'password.changed')).toHaveLength(0);
  });

  it('names the wrong field of the new password: too short, the two differ, the same as now', async () => {
    const staff = await newStaff('fields@perms.local', 'old-password-2');
    expect(await change(staff, { currentPassword: 'old-password-2', newPassword: 'short', confirmPassword: 'short' })).toEqual({
      ok: false,
      fieldErrors: { newPassword: ['too_short'] },
    });
    expect(await change(staff, { currentPassword: 'old-password-2', newPassword: 'new-password-2', confirmPassword: 'new-password-3' })).toEqual({
      ok: false,
      fieldErrors: { confirmPassword: ['mismatch'] },
    });
    expect(await change(staff, { currentPassword: 'old-password-2', newPassword: 'old-password-2', confirmPassword: 'old-password-2' })).toEqual({
      ok: false,
      fieldErrors: { newPassword: ['same'] },
    });
    // A user id in the form is refused, never used (the user is always the signed-in one).
    const other = await newStaff('other@perms.local', 'other-password');
    const forged = await change(staff, { currentPassword: 'old-password-2', newPassword: 'new-password-2', confirmPassword: 'new-password-2', userId: other.id });
    expect(forged.ok).toBe(false);
    expect((await signIn('fields@perms.local', 'old-password-2')).ok).toBe(true);
    expect((await signIn('other@perms.local', 'other-password')).ok).toBe(true);
  });

  it('replaces the password and ends every session of the user, this one included, audited', async () => {
    const staff = await newStaff('ok@perms.local', 'old-password-3');
    const bystander = await newStaff('bystander@perms.local', 'bystander-pw');
    const here = await signedIn(staff);
    const phone = await signedIn(staff);
    const theirs = await signedIn(bystander);
    expect(await change(staff, { currentPassword: 'old-password-3', newPassword: 'new-password-3', confirmPassword: 'new-password-3' })).toEqual({ ok: true, data: undefined });

    expect((await signIn('ok@perms.local', 'old-password-3')).ok).toBe(false);
    expect((await signIn('ok@perms.local', 'new-password-3')).ok).toBe(true);
    expect((await checkSession({ db: t.db, claims: here })).ok).toBe(false);
    expect((await checkSession({ db: t.db, claims: phone })).ok).toBe(false);
    const ended = await t.db.select().from(userSessions).where(eq(userSessions.id, phone.sid));
    expect(ended[0]!.endReason).toBe('password_change');
    expect((await checkSession({ db: t.db, claims: theirs })).ok).toBe(true);

    const [changed] = await auditsOf(staff, 'password.changed');
    expect(changed).toMatchObject({ entityType: 'user', entityId: staff.id, ip: '10.2.0.1' });
    const [revoked] = await auditsOf(staff, 'session.revoked_all');
    expect(revoked!.detail).toEqual({ reason: 'password_change', ended: 2 });
  });

  it('throttles guessing the current password: after 5 wrong ones even the right one waits', async () => {
    const staff = await newStaff('guess@perms.local', 'old-password-4');
    for (let i = 0; i < 5; i += 1) {
      expect(await change(staff, { currentPassword: `guess-${i}-xxxx`, newPassword: 'new-password-4', confirmPassword: 'new-password-4' })).toEqual({
        ok: false,
        fieldErrors: { currentPassword: ['wrong'] },
      });
    }
    expect(await change(staff, { currentPassword: 'old-password-4', newPassword: 'new-password-4', confirmPassword: 'new-password-4' })).toEqual({
      ok: false,
      fieldErrors: { currentPassword: ['throttled'] },
    });
    expect((await signIn('guess@perms.local', 'old-password-4')).ok).toBe(true);
    expect(await auditsOf(staff, 'password.change_throttled')).toHaveLength(1);
  });
});
