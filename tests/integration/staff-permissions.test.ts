import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, staffInvitations, users, type MemberRole } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { can, type Role } from '../../lib/auth/permissions';
import type { CommandResult, StaffCommand } from '../../lib/auth/staff-command';
import { acceptInvitationCommand } from '../../lib/staff/accept';
import {
  changeRoleCommand,
  inviteMemberCommand,
  invitePlatformAdminCommand,
  removeMemberCommand,
  revokeInvitationCommand,
  revokePlatformInvitationCommand,
  setUserDisabledCommand,
} from '../../lib/staff/commands';
import { createInvitation } from '../../lib/staff/invitations';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';
import { deniedCount, newMember, newUser, roleOf } from './staff-fixtures';

/**
 * Every staff-administration command against every role, decided by the permission table alone
 * (lib/auth/permissions.ts, block "staff (issue 12 §2)"): a refused role gets the same 404 as
 * another tenant's record, an `access.denied` row naming the action, and nothing changes. Then
 * the tenant test: an admin of another account tries every action with this account's ids.
 */
let t: TestDb;
const SLUG = 'zhongshan-youth';
const members = {} as Record<Role, Staff>;
let youthAccountId: string;

beforeAll(async () => {
  t = await createSeededAppDb();
  youthAccountId = await accountIdBySlug(t.db, SLUG);
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) members[role] = await newMember(t.db, SLUG, role);
  const [row] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
  members.platform_admin = staffFromUser(row!);
});
afterAll(async () => {
  await t.close();
});

let n = 0;
const freshEmail = () => `perm-${(n += 1)}@staff.test`;
const accountInvitation = async (accountId = youthAccountId) =>
  (await createInvitation({ db: t.db, email: freshEmail(), target: { accountId, role: 'agent' }, validDays: 7, invitedBy: members.platform_admin.id })).invitation;
const platformInvitation = async () =>
  (await createInvitation({ db: t.db, email: freshEmail(), target: { platformAdmin: true }, validDays: 7, invitedBy: members.platform_admin.id })).invitation;
const pendingState = async (id: string) => {
  const [row] = await t.db.select().from(staffInvitations).where(eq(staffInvitations.id, id));
  return { accepted: row!.acceptedAt !== null, revoked: row!.revokedAt !== null };
};

type Attempt = {
  name: string;
  command: StaffCommand<unknown>;
  /** Runs the command as `staff` on fresh records; `changed` says whether it had its effect. */
  run: (staff: Staff) => Promise<{ result: CommandResult<unknown>; changed: () => Promise<boolean> }>;
};

const targetMember = async (role: MemberRole = 'agent') => newMember(t.db, SLUG, role);

const attempts: Attempt[] = [
  {
    name: 'invite to the account',
    command: inviteMemberCommand,
    run: async (staff) => {
      const email = freshEmail();
      const result = await inviteMemberCommand({ db: t.db, staff, input: { account: SLUG, email, role: 'agent', validDays: '7' } });
      return { result, changed: async () => (await t.db.select().from(staffInvitations).where(eq(staffInvitations.email, email))).length > 0 };
    },
  },
  {
    name: 'withdraw an account invitation',
    command: revokeInvitationCommand,
    run: async (staff) => {
      const invitation = await accountInvitation();
      const result = await revokeInvitationCommand({ db: t.db, staff, input: { invitationId: invitation.id } });
      return { result, changed: async () => (await pendingState(invitation.id)).revoked };
    },
  },
  {
    name: 'change a role',
    command: changeRoleCommand,
    run: async (staff) => {
      const target = await targetMember();
      const result = await changeRoleCommand({ db: t.db, staff, input: { account: SLUG, userId: target.id, role: 'editor' } });
      return { result, changed: async () => (await roleOf(t.db, target.id, SLUG)) === 'editor' };
    },
  },
  {
    name: 'remove a member',
    command: removeMemberCommand,
    run: async (staff) => {
      const target = await targetMember();
      const result = await removeMemberCommand({ db: t.db, staff, input: { account: SLUG, userId: target.id } });
      return { result, changed: async () => (await roleOf(t.db, target.id, SLUG)) === null };
    },
  },
  {
    name: 'invite a platform admin',
    command: invitePlatformAdminCommand,
    run: async (staff) => {
      const email = freshEmail();
      const result = await invitePlatformAdminCommand({ db: t.db, staff, input: { email, validDays: '7' } });
      return { result, changed: async () => (await t.db.select().from(staffInvitations).where(eq(staffInvitations.email, email))).length > 0 };
    },
  },
  {
    name: 'withdraw a platform invitation',
    command: revokePlatformInvitationCommand,
    run: async (staff) => {
      const invitation = await platformInvitation();
      const result = await revokePlatformInvitationCommand({ db: t.db, staff, input: { invitationId: invitation.id } });
      return { result, changed: async () => (await pendingState(invitation.id)).revoked };
    },
  },
  {
    name: 'disable a user',
    command: setUserDisabledCommand,
    run: async (staff) => {
      const target = await newUser(t.db);
      const result = await setUserDisabledCommand({ db: t.db, staff, input: { userId: target.id, disabled: 'true' } });
      return { result, changed: async () => (await t.db.select().from(users).where(eq(users.id, target.id)))[0]!.disabledAt !== null };
    },
  },
  {
    name: 'accept an invitation to my own email',
    command: acceptInvitationCommand,
    run: async (staff) => {
      const police = await accountIdBySlug(t.db, 'zhaoqing-police');
      const { token } = await createInvitation({ db: t.db, email: staff.email, target: { accountId: police, role: 'agent' }, validDays: 7, invitedBy: members.platform_admin.id });
      const result = await acceptInvitationCommand({ db: t.db, staff, input: { token }, ip: `10.15.0.${(n += 1) % 250}` });
      return { result, changed: async () => (await roleOf(t.db, staff.id, 'zhaoqing-police')) !== null };
    },
  },
];

describe('each staff command is allowed exactly to the roles the table gives its action', () => {
  for (const attempt of attempts) {
    for (const role of ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const) {
      const allowed = can(role, attempt.command.action);
      it(`${attempt.name} (${attempt.command.action}) as ${role}: ${allowed ? 'allowed' : '404, audited, nothing changed'}`, async () => {
        const staff = members[role];
        const before = await deniedCount(t.db, staff, attempt.command.action);
        const { result, changed } = await attempt.run(staff);
        if (allowed) {
          expect(result.ok, JSON.stringify(result)).toBe(true);
          expect(await changed()).toBe(true);
          expect(await deniedCount(t.db, staff, attempt.command.action)).toBe(before);
        } else {
          expect(result).toEqual({ ok: false, notFound: true });
          expect(await changed()).toBe(false);
          expect(await deniedCount(t.db, staff, attempt.command.action)).toBe(before + 1);
        }
      });
    }
  }
});

describe('another account’s ids (tenant isolation)', () => {
  let police: Staff;
  beforeAll(async () => {
    const [row] = await t.db.select().from(users).where(eq(users.email, 'police@wegov.local'));
    police = staffFromUser(row!);
  });

  it('an admin of 平安肇庆 gets 404 for every action on 中山青年’s members and invitations, and nothing changes', async () => {
    const target = await targetMember();
    const invitation = await accountInvitation();
    const tries: Array<[string, () => Promise<CommandResult<unknown>>]> = [
      ['invite to the other account', () => inviteMemberCommand({ db: t.db, staff: police, input: { account: SLUG, email: freshEmail(), role: 'account_admin', validDays: '7' } })],
      ['withdraw its invitation', () => revokeInvitationCommand({ db: t.db, staff: police, input: { invitationId: invitation.id } })],
      // Their member, through the other account's slug…
      ['change its member’s role (other slug)', () => changeRoleCommand({ db: t.db, staff: police, input: { account: SLUG, userId: target.id, role: 'account_admin' } })],
      ['remove its member (other slug)', () => removeMemberCommand({ db: t.db, staff: police, input: { account: SLUG, userId: target.id } })],
      // …and through their own: the member is not theirs.
      ['change its member’s role (own slug)', () => changeRoleCommand({ db: t.db, staff: police, input: { account: 'zhaoqing-police', userId: target.id, role: 'account_admin' } })],
      ['remove its member (own slug)', () => removeMemberCommand({ db: t.db, staff: police, input: { account: 'zhaoqing-police', userId: target.id } })],
      ['disable its member', () => setUserDisabledCommand({ db: t.db, staff: police, input: { userId: target.id, disabled: 'true' } })],
      ['withdraw a platform invitation with an account invitation id', () => revokePlatformInvitationCommand({ db: t.db, staff: members.platform_admin, input: { invitationId: invitation.id } })],
    ];
    for (const [name, run] of tries) expect(await run(), name).toEqual({ ok: false, notFound: true });
    expect(await roleOf(t.db, target.id, SLUG)).toBe('agent');
    expect(await pendingState(invitation.id)).toEqual({ accepted: false, revoked: false });
    const [user] = await t.db.select().from(users).where(eq(users.id, target.id));
    expect(user!.disabledAt).toBeNull();
    const invitedByPolice = await t.db.select().from(staffInvitations).where(eq(staffInvitations.invitedBy, police.id));
    expect(invitedByPolice).toEqual([]);
    expect(await t.db.select().from(memberships).where(and(eq(memberships.userId, target.id), eq(memberships.accountId, youthAccountId)))).toHaveLength(1);
    expect(await deniedCount(t.db, police, 'staff.manage')).toBe(4);
    expect(await deniedCount(t.db, police, 'staff.invite')).toBe(2);
  });
});
