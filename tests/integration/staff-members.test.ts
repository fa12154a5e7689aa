import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, userSessions, users } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { authenticate } from '../../lib/auth/authenticate';
import { changeRoleCommand, removeMemberCommand, setUserDisabledCommand } from '../../lib/staff/commands';
import { listMembers } from '../../lib/staff/members';
import { listUsers } from '../../lib/staff/users';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';
import { auditRows, newMember, roleOf, signedIn, stillSignedIn } from './staff-fixtures';

/**
 * Members and users (issue 12 §2; docs/admin.md "Staff and invitations"): a role change, a
 * removal and disabling end the user's sessions, so the old session is refused on its next
 * request; the last account admin can be neither demoted nor removed; every change is audited.
 */
let t: TestDb;
let platformAdmin: Staff;
const SLUG = 'zhongshan-youth';

beforeAll(async () => {
  t = await createSeededAppDb();
  const [row] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
  platformAdmin = staffFromUser(row!);
});
afterAll(async () => {
  await t.close();
});

const ip = '10.14.0.1';

describe('changing a role', () => {
  it('changes it, ends every session of that user (not the admin’s), and audits from → to', async () => {
    const admin = await newMember(t.db, SLUG, 'account_admin');
    const agent = await newMember(t.db, SLUG, 'agent');
    const agentSession = await signedIn(t.db, agent);
    const adminSession = await signedIn(t.db, admin);
    expect(await changeRoleCommand({ db: t.db, staff: admin, input: { account: SLUG, userId: agent.id, role: 'editor' }, ip })).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.db, agent.id, SLUG)).toBe('editor');
    expect(await stillSignedIn(t.db, agentSession)).toBe(false);
    expect(await stillSignedIn(t.db, adminSession)).toBe(true);
    const [ended] = await t.db.select().from(userSessions).where(eq(userSessions.id, agentSession.sid as string));
    expect(ended!.endReason).toBe('role_change');
    const [audit] = (await auditRows(t.db, 'member.role_changed')).filter((r) => r.entityId === agent.id);
    expect(audit).toMatchObject({ actorId: admin.id, accountId: await accountIdBySlug(t.db, SLUG), detail: { from: 'agent', to: 'editor' }, ip });
    const [revoked] = (await auditRows(t.db, 'session.revoked_all')).filter((r) => r.entityId === agent.id);
    expect(revoked).toMatchObject({ actorId: admin.id, detail: { reason: 'role_change', ended: 1 } });
    expect((await listMembers(t.db, await accountIdBySlug(t.db, SLUG))).find((m) => m.userId === agent.id)?.role).toBe('editor');
  });

  it('refuses an unknown role and a malformed user id at the field, changing nothing', async () => {
    const admin = await newMember(t.db, SLUG, 'account_admin');
    const agent = await newMember(t.db, SLUG, 'agent');
    expect(await changeRoleCommand({ db: t.db, staff: admin, input: { account: SLUG, userId: agent.id, role: 'platform_admin' } })).toEqual({ ok: false, fieldErrors: { role: ['role'] } });
    expect((await changeRoleCommand({ db: t.db, staff: admin, input: { account: SLUG, userId: 'nope', role: 'editor' } })).ok).toBe(false);
    expect(await roleOf(t.db, agent.id, SLUG)).toBe('agent');
  });
});

describe('removing a member', () => {
  it('removes the membership, ends their sessions and audits it; the user stays', async () => {
    const admin = await newMember(t.db, SLUG, 'account_admin');
    const editor = await newMember(t.db, SLUG, 'editor');
    const session = await signedIn(t.db, editor);
    expect(await removeMemberCommand({ db: t.db, staff: admin, input: { account: SLUG, userId: editor.id }, ip })).toEqual({ ok: true, data: undefined });
    expect(await roleOf(t.db, editor.id, SLUG)).toBeNull();
    expect(await stillSignedIn(t.db, session)).toBe(false);
    expect(await t.db.select().from(users).where(eq(users.id, editor.id))).toHaveLength(1);
    const [audit] = (await auditRows(t.db, 'member.removed')).filter((r) => r.entityId === editor.id);
    expect(audit).toMatchObject({ actorId: admin.id, detail: { role: 'editor' } });
    // Gone is gone: removing again is a 404, like any record that is not this account's.
    expect(await removeMemberCommand({ db: t.db, staff: admin, input: { account: SLUG, userId: editor.id } })).toEqual({ ok: false, notFound: true });
  });
});

describe('the last account admin', () => {
  it('can be neither demoted nor removed; with a second admin, either can go', async () => {
    // 平安肇庆 has one account admin in the demo: police@wegov.local.
    const accountId = await accountIdBySlug(t.db, 'zhaoqing-police');
    const admins = () => t.db.select().from(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'account_admin')));
    const [only] = await admins();
    expect(await admins()).toHaveLength(1);
    const session = await signedIn(t.db, { ...platformAdmin, id: only!.userId });
    for (const command of [changeRoleCommand, removeMemberCommand]) {
      const input = { account: 'zhaoqing-police', userId: only!.userId, ...(command === changeRoleCommand ? { role: 'agent' } : {}) };
      expect(await command({ db: t.db, staff: platformAdmin, input })).toEqual({ ok: false, error: 'last_admin' });
    }
    expect(await admins()).toHaveLength(1);
    expect(await stillSignedIn(t.db, session)).toBe(true);

    const second = await newMember(t.db, 'zhaoqing-police', 'account_admin');
    expect(await changeRoleCommand({ db: t.db, staff: second, input: { account: 'zhaoqing-police', userId: only!.userId, role: 'editor' } })).toEqual({ ok: true, data: undefined });
    expect(await changeRoleCommand({ db: t.db, staff: platformAdmin, input: { account: 'zhaoqing-police', userId: second.id, role: 'agent' } })).toEqual({ ok: false, error: 'last_admin' });
    // Put the demo back as it was.
    await t.db.update(memberships).set({ role: 'account_admin' }).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, only!.userId)));
    await t.db.delete(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, second.id)));
  });

  it('holds when two admins demote each other at the same moment: one change wins, one admin is left', async () => {
    const slug = 'zhongshan-youth';
    const accountId = await accountIdBySlug(t.db, slug);
    // Only these two admins on the account for this test.
    const others = await t.db.select().from(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'account_admin')));
    await t.db.update(memberships).set({ role: 'editor' }).where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'account_admin')));
    const a = await newMember(t.db, slug, 'account_admin');
    const b = await newMember(t.db, slug, 'account_admin');
    const results = await Promise.all([
      changeRoleCommand({ db: t.db, staff: a, input: { account: slug, userId: b.id, role: 'agent' } }),
      changeRoleCommand({ db: t.db, staff: b, input: { account: slug, userId: a.id, role: 'agent' } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // The loser is refused either way: by the last-admin guard when it read the memberships
    // before the winner committed, or as no longer an admin (404) when it read them after.
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(1);
    expect([{ ok: false, error: 'last_admin' }, { ok: false, notFound: true }]).toContainEqual(refused[0]);
    const left = await t.db.select().from(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'account_admin')));
    expect(left).toHaveLength(1);
    for (const row of others) await t.db.update(memberships).set({ role: 'account_admin' }).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, row.userId)));
  });
});

describe('disabling a user', () => {
  it('ends every session and refuses sign-in until enabled again, audited both ways; nobody disables themselves', async () => {
    const member = await newMember(t.db, SLUG, 'agent', { password: 'member-password-1' });
    const phone = await signedIn(t.db, member);
    const laptop = await signedIn(t.db, member);
    const signIn = () => authenticate({ db: t.db, email: member.email, password: 'member-password-1', ip: '10.14.0.9', sleep: async () => {} });
    expect(await setUserDisabledCommand({ db: t.db, staff: platformAdmin, input: { userId: member.id, disabled: 'true' }, ip })).toEqual({ ok: true, data: undefined });
    expect(await stillSignedIn(t.db, phone)).toBe(false);
    expect(await stillSignedIn(t.db, laptop)).toBe(false);
    expect((await signIn()).ok).toBe(false);
    expect((await listUsers(t.db)).find((u) => u.id === member.id)).toMatchObject({ disabled: true, memberships: [{ slug: SLUG, role: 'agent' }] });
    const [disabled] = (await auditRows(t.db, 'user.disabled')).filter((r) => r.entityId === member.id);
    expect(disabled).toMatchObject({ actorId: platformAdmin.id, ip });

    expect(await setUserDisabledCommand({ db: t.db, staff: platformAdmin, input: { userId: member.id, disabled: 'false' } })).toEqual({ ok: true, data: undefined });
    expect((await signIn()).ok).toBe(true);
    // The sessions ended by disabling stay ended.
    expect(await stillSignedIn(t.db, phone)).toBe(false);
    expect((await auditRows(t.db, 'user.enabled')).filter((r) => r.entityId === member.id)).toHaveLength(1);

    expect(await setUserDisabledCommand({ db: t.db, staff: platformAdmin, input: { userId: platformAdmin.id, disabled: 'true' } })).toEqual({ ok: false, error: 'self' });
    const [me] = await t.db.select().from(users).where(eq(users.id, platformAdmin.id));
    expect(me!.disabledAt).toBeNull();
    expect(await setUserDisabledCommand({ db: t.db, staff: platformAdmin, input: { userId: '00000000-0000-4000-8000-000000000000', disabled: 'true' } })).toEqual({ ok: false, notFound: true });
  });
});
