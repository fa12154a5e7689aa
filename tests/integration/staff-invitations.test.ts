import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, staffInvitations, users } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { authenticate } from '../../lib/auth/authenticate';
import { ACCEPT_COOL_DOWN, acceptAsNewUser, acceptInvitationCommand } from '../../lib/staff/accept';
import { inviteMemberCommand, invitePlatformAdminCommand, revokeInvitationCommand } from '../../lib/staff/commands';
import { invitationByToken, listPendingInvitations } from '../../lib/staff/invitations';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';
import { auditRows, newMember, newUser, roleOf } from './staff-fixtures';

/**
 * Invitations (issue 12 §2; docs/admin.md "Staff and invitations"): a link shown once, stored
 * only as its SHA-256, valid for the days the inviter picked, used once — also when two people
 * open it at the same moment — and withdrawable. The newcomer sets a name and a password and gets
 * the membership; someone who has a login already accepts signed in.
 */
let t: TestDb;
let admin: Staff;
let platformAdmin: Staff;
let ipCounter = 0;
/** Each test its own client address, so the acceptance throttle only meets the test about it. */
const nextIp = () => `10.13.${Math.floor((ipCounter += 1) / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  t = await createSeededAppDb();
  admin = await newMember(t.db, 'zhongshan-youth', 'account_admin');
  const [row] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
  platformAdmin = staffFromUser(row!);
});
afterAll(async () => {
  await t.close();
});

async function invite(email: string, role = 'agent', validDays: unknown = '7', by: Staff = admin) {
  const result = await inviteMemberCommand({ db: t.db, staff: by, input: { account: 'zhongshan-youth', email, role, validDays }, ip: '10.13.9.9' });
  if (!result.ok) throw new Error(`invite refused: ${JSON.stringify(result)}`);
  return result.data;
}

const signUp = (token: string, fields: Record<string, unknown> = {}, ip = nextIp()) =>
  acceptAsNewUser({ db: t.db, input: { token, name: '新同事', password: 'a-good-password', confirmPassword: 'a-good-password', ...fields }, ip });

describe('creating an invitation', () => {
  it('stores only the hash of the link, lists it as pending with its expiry, and audits it without the token', async () => {
    const before = Date.now();
    const created = await invite('Pending.Person@Example.cn', 'editor', '3');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(staffInvitations).where(eq(staffInvitations.id, created.invitationId));
    expect(row!.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row).toMatchObject({ email: 'pending.person@example.cn', role: 'editor', platformAdmin: false, invitedBy: admin.id });
    const days = (row!.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);

    const pending = await listPendingInvitations(t.db, await accountIdBySlug(t.db, 'zhongshan-youth'));
    expect(pending.map((p) => p.id)).toContain(created.invitationId);

    const [audit] = (await auditRows(t.db, 'invitation.created')).filter((r) => r.entityId === created.invitationId);
    expect(audit).toMatchObject({ actorId: admin.id, entityType: 'staff_invitation', detail: { email: 'pending.person@example.cn', role: 'editor', validDays: 3, replaced: 0 } });
  });

  it('defaults to 7 days, refuses 0 or 31 days, a bad email or role, and an existing member, at the field', async () => {
    const created = await invite('default.days@example.cn', 'agent', '');
    expect(Math.round((created.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(7);
    const run = (input: Record<string, unknown>) => inviteMemberCommand({ db: t.db, staff: admin, input: { account: 'zhongshan-youth', email: 'x@example.cn', role: 'agent', ...input } });
    expect(await run({ validDays: '0' })).toEqual({ ok: false, fieldErrors: { validDays: ['days'] } });
    expect(await run({ validDays: '31' })).toEqual({ ok: false, fieldErrors: { validDays: ['days'] } });
    expect(await run({ validDays: '2.5' })).toEqual({ ok: false, fieldErrors: { validDays: ['days'] } });
    expect(await run({ email: 'not an email' })).toEqual({ ok: false, fieldErrors: { email: ['email'] } });
    expect(await run({ role: 'platform_admin' })).toEqual({ ok: false, fieldErrors: { role: ['role'] } });
    expect(await run({ email: 'youth@wegov.local' })).toEqual({ ok: false, fieldErrors: { email: ['already_member'] } });
  });

  it('replaces the live link for the same person: the older one stops working', async () => {
    const first = await invite('twice@example.cn');
    const second = await invite('twice@example.cn', 'editor');
    expect((await invitationByToken(t.db, first.token)).state).toBe('revoked');
    expect((await invitationByToken(t.db, second.token)).state).toBe('valid');
  });
});

describe('accepting as a newcomer', () => {
  it('creates the user with the invitation’s email and the chosen password, and the membership, audited', async () => {
    const { token, invitationId } = await invite('newcomer@example.cn', 'editor');
    const result = await signUp(token, { name: '  王小明 ' });
    expect(result).toEqual({ ok: true, data: { email: 'newcomer@example.cn', accountSlug: 'zhongshan-youth' } });
    const [user] = await t.db.select().from(users).where(eq(users.email, 'newcomer@example.cn'));
    expect(user).toMatchObject({ name: '王小明', isPlatformAdmin: false, disabledAt: null });
    expect(await roleOf(t.db, user!.id, 'zhongshan-youth')).toBe('editor');
    expect((await authenticate({ db: t.db, email: 'newcomer@example.cn', password: 'a-good-password', ip: '10.13.200.1', sleep: async () => {} })).ok).toBe(true);

    const [row] = await t.db.select().from(staffInvitations).where(eq(staffInvitations.id, invitationId));
    expect(row!.acceptedAt).not.toBeNull();
    expect(row!.acceptedUserId).toBe(user!.id);
    const [audit] = (await auditRows(t.db, 'invitation.accepted')).filter((r) => r.entityId === invitationId);
    expect(audit).toMatchObject({ actorId: user!.id, detail: { email: 'newcomer@example.cn', role: 'editor', newUser: true } });

    // Used once: the same link again is refused and makes nobody.
    expect(await signUp(token, { name: 'Someone else' })).toEqual({ ok: false, error: 'used' });
    expect((await invitationByToken(t.db, token)).state).toBe('used');
  });

  it('applies the password rules at their fields and keeps the link usable; the email is never a form field', async () => {
    const { token } = await invite('rules@example.cn');
    expect(await signUp(token, { password: 'short', confirmPassword: 'short' })).toEqual({ ok: false, fieldErrors: { password: ['too_short'] } });
    expect(await signUp(token, { confirmPassword: 'another-password' })).toEqual({ ok: false, fieldErrors: { confirmPassword: ['mismatch'] } });
    expect(await signUp(token, { name: '   ' })).toEqual({ ok: false, fieldErrors: { name: ['required'] } });
    expect(await signUp(token, { password: 'x'.repeat(129), confirmPassword: 'x'.repeat(129) })).toEqual({ ok: false, fieldErrors: { password: ['too_long'] } });
    const forged = await signUp(token, { email: 'attacker@example.cn' });
    expect(forged.ok).toBe(false);
    expect(await t.db.select().from(users).where(eq(users.email, 'attacker@example.cn'))).toHaveLength(0);
    expect(await t.db.select().from(users).where(eq(users.email, 'rules@example.cn'))).toHaveLength(0);
    expect((await invitationByToken(t.db, token)).state).toBe('valid');
    expect((await signUp(token)).ok).toBe(true);
  });

  it('refuses an expired link, a withdrawn one and an unknown or malformed one, creating nothing', async () => {
    const expired = await invite('late@example.cn');
    await t.db.update(staffInvitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(staffInvitations.id, expired.invitationId));
    expect((await invitationByToken(t.db, expired.token)).state).toBe('expired');
    expect(await signUp(expired.token)).toEqual({ ok: false, error: 'expired' });

    const withdrawn = await invite('withdrawn@example.cn');
    expect(await revokeInvitationCommand({ db: t.db, staff: admin, input: { invitationId: withdrawn.invitationId } })).toEqual({ ok: true, data: { accountSlug: 'zhongshan-youth' } });
    expect(await signUp(withdrawn.token)).toEqual({ ok: false, error: 'revoked' });
    expect(await revokeInvitationCommand({ db: t.db, staff: admin, input: { invitationId: withdrawn.invitationId } })).toEqual({ ok: false, error: 'not_pending' });
    expect((await auditRows(t.db, 'invitation.revoked')).filter((r) => r.entityId === withdrawn.invitationId)).toHaveLength(1);

    expect(await signUp('A'.repeat(43))).toEqual({ ok: false, error: 'unknown' });
    expect(await signUp('../../etc/passwd')).toEqual({ ok: false, error: 'unknown' });
    expect((await invitationByToken(t.db, 'not-a-token')).state).toBe('unknown');
    for (const email of ['late@example.cn', 'withdrawn@example.cn']) expect(await t.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('throttles attempts from one address: after 10 the next one waits, even with a good link', async () => {
    const { token } = await invite('throttled@example.cn');
    const ip = nextIp();
    for (let i = 0; i < ACCEPT_COOL_DOWN.free; i += 1) expect(await signUp('B'.repeat(43), {}, ip)).toEqual({ ok: false, error: 'unknown' });
    expect(await signUp(token, {}, ip)).toEqual({ ok: false, error: 'throttled' });
    expect((await invitationByToken(t.db, token)).state).toBe('valid');
    expect((await auditRows(t.db, 'invitation.accept_throttled')).filter((r) => r.ip === ip)).toHaveLength(1);
    expect((await signUp(token)).ok).toBe(true);
  });

  it('gives one membership when several people accept the same link at the same moment', async () => {
    const { token, invitationId } = await invite('race@example.cn', 'reviewer');
    // On PostgreSQL these run on separate connections; the single UPDATE … WHERE accepted_at IS NULL decides.
    const results = await Promise.all(['First', 'Second', 'Third', 'Fourth'].map((name) => signUp(token, { name })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 3 }, () => ({ ok: false, error: 'used' })));
    const made = await t.db.select().from(users).where(eq(users.email, 'race@example.cn'));
    expect(made).toHaveLength(1);
    expect(await t.db.select().from(memberships).where(eq(memberships.userId, made[0]!.id))).toHaveLength(1);
    expect((await auditRows(t.db, 'invitation.accepted')).filter((r) => r.entityId === invitationId)).toHaveLength(1);
  });
});

describe('accepting with a login that exists', () => {
  it('sends the owner of the email to sign in, then adds the membership to their user', async () => {
    const existing = await newUser(t.db, { email: 'already@example.cn', password: 'existing-password' });
    const { token } = await invite('already@example.cn', 'agent');
    expect((await invitationByToken(t.db, token)).existingUser).toEqual({ id: existing.id, disabled: false });
    expect(await signUp(token)).toEqual({ ok: false, error: 'exists' });

    const stranger = await newUser(t.db);
    expect(await acceptInvitationCommand({ db: t.db, staff: stranger, input: { token }, ip: nextIp() })).toEqual({ ok: false, error: 'other_email' });
    expect(await roleOf(t.db, stranger.id, 'zhongshan-youth')).toBeNull();

    expect(await acceptInvitationCommand({ db: t.db, staff: existing, input: { token }, ip: nextIp() })).toEqual({
      ok: true,
      data: { email: 'already@example.cn', accountSlug: 'zhongshan-youth' },
    });
    expect(await roleOf(t.db, existing.id, 'zhongshan-youth')).toBe('agent');
    // Their password is untouched.
    expect((await authenticate({ db: t.db, email: 'already@example.cn', password: 'existing-password', ip: '10.13.200.2', sleep: async () => {} })).ok).toBe(true);
    expect(await acceptInvitationCommand({ db: t.db, staff: existing, input: { token }, ip: nextIp() })).toEqual({ ok: false, error: 'used' });
  });
});

describe('platform admin invitations', () => {
  it('are made by platform admins only, and make the invitee a platform admin', async () => {
    expect(await invitePlatformAdminCommand({ db: t.db, staff: admin, input: { email: 'boss@example.cn', validDays: '7' } })).toEqual({ ok: false, notFound: true });
    expect(await invitePlatformAdminCommand({ db: t.db, staff: platformAdmin, input: { email: 'admin@wegov.local', validDays: '7' } })).toEqual({
      ok: false,
      fieldErrors: { email: ['already_admin'] },
    });
    const created = await invitePlatformAdminCommand({ db: t.db, staff: platformAdmin, input: { email: 'boss@example.cn', validDays: '2' } });
    if (!created.ok) throw new Error('refused');
    const [row] = await t.db.select().from(staffInvitations).where(eq(staffInvitations.id, created.data.invitationId));
    expect(row).toMatchObject({ platformAdmin: true, accountId: null, role: null });
    expect((await listPendingInvitations(t.db, null)).map((p) => p.id)).toContain(created.data.invitationId);
    expect(await signUp(created.data.token)).toEqual({ ok: true, data: { email: 'boss@example.cn', accountSlug: null } });
    const [boss] = await t.db.select().from(users).where(eq(users.email, 'boss@example.cn'));
    expect(boss!.isPlatformAdmin).toBe(true);
    expect(await t.db.select().from(memberships).where(eq(memberships.userId, boss!.id))).toHaveLength(0);
  });
});

describe('the token stays secret', () => {
  it('appears in no audit row', async () => {
    const { token } = await invite('secret@example.cn');
    await signUp(token);
    const all = await t.db.select().from(auditLog);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((row) => JSON.stringify(row).includes(token))).toEqual([]);
    expect(all.filter((row) => JSON.stringify(row).includes(createHash('sha256').update(token).digest('hex')))).toEqual([]);
  });
});
