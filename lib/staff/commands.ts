import { z } from 'zod';
import { memberRole } from '../../db/schema';
import { accountForStaff } from '../auth/access';
import { recordAudit } from '../audit/record';
import type { Action } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { createInvitation, invitationById, INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS, revokeInvitation } from './invitations';
import { changeMemberRole, isMemberByEmail, removeMember, type MemberChange } from './members';
import { isPlatformAdminEmail, setUserDisabled } from './users';

/**
 * What staff do to staff (docs/admin.md "Staff and invitations"), each built by staffCommand with
 * its action from the table (lib/auth/permissions.ts). Account commands resolve the record's own
 * account through the gate: an invitation by its row, a member by (the page's account, the user),
 * so another account's invitation or member is the same 404 as one that does not exist.
 */

const slug = z.string().trim().min(1).max(100);
const email = z.email('email').max(254).transform((v) => v.trim().toLowerCase());
/** Days the link lives: empty means the default; anything but a whole number in range is named at the field. */
const validDays = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined || String(v).trim() === '' ? INVITATION_DEFAULT_DAYS : Number(v)))
  .pipe(z.number('days').int('days').min(1, 'days').max(INVITATION_MAX_DAYS, 'days'));
const uuid = z.uuid();

const InviteInput = z.strictObject({ account: slug, email, role: z.enum(memberRole.enumValues, 'role'), validDays });
const PlatformInviteInput = z.strictObject({ email, validDays });
const InvitationIdInput = z.strictObject({ invitationId: uuid });
const RoleInput = z.strictObject({ account: slug, userId: uuid, role: z.enum(memberRole.enumValues, 'role') });
const MemberInput = z.strictObject({ account: slug, userId: uuid });
const DisableInput = z.strictObject({ userId: uuid, disabled: z.enum(['true', 'false']).transform((v) => v === 'true') });

/** What the inviter sees once: the token (the action turns it into the link) and when it lapses. */
export interface CreatedInvitation {
  invitationId: string;
  token: string;
  email: string;
  expiresAt: Date;
}

/**
 * A record that is not there for this caller (missing, or another account's): the same 404 as
 * the gate gives, audited like its refusals, with the id that was tried.
 */
async function refuse(ctx: CommandContext & { action: Action }, accountId: string | null, detail: Record<string, unknown>): Promise<{ ok: false; notFound: true }> {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action: 'access.denied', detail: { permission: ctx.action, ...detail }, ip: ctx.ip ?? null });
  return { ok: false, notFound: true };
}

function fieldsOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

export const inviteMemberCommand = staffCommand('staff.invite', async (ctx): Promise<CommandResult<CreatedInvitation>> => {
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: String(fieldsOf(ctx.input).account ?? ''), action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = InviteInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { data } = parsed;
  if (await isMemberByEmail(ctx.db, access.account.id, data.email)) return { ok: false, fieldErrors: { email: ['already_member'] } };
  const { invitation, token } = await createInvitation({
    db: ctx.db,
    email: data.email,
    target: { accountId: access.account.id, role: data.role },
    validDays: data.validDays,
    invitedBy: ctx.staff.id,
    ip: ctx.ip,
  });
  return { ok: true, data: { invitationId: invitation.id, token, email: invitation.email, expiresAt: invitation.expiresAt } };
});

export const invitePlatformAdminCommand = staffCommand('users.manage', async (ctx): Promise<CommandResult<CreatedInvitation>> => {
  const parsed = PlatformInviteInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  if (await isPlatformAdminEmail(ctx.db, parsed.data.email)) return { ok: false, fieldErrors: { email: ['already_admin'] } };
  const { invitation, token } = await createInvitation({
    db: ctx.db,
    email: parsed.data.email,
    target: { platformAdmin: true },
    validDays: parsed.data.validDays,
    invitedBy: ctx.staff.id,
    ip: ctx.ip,
  });
  return { ok: true, data: { invitationId: invitation.id, token, email: invitation.email, expiresAt: invitation.expiresAt } };
});

/** Withdraws an account's invitation; its account is the invitation's own row's. */
export const revokeInvitationCommand = staffCommand('staff.invite', async (ctx): Promise<CommandResult<{ accountSlug: string }>> => {
  const parsed = InvitationIdInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const invitation = await invitationById(ctx.db, parsed.data.invitationId);
  if (!invitation || !invitation.accountId) return refuse(ctx, null, { invitationId: parsed.data.invitationId });
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, accountId: invitation.accountId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  if (!(await revokeInvitation({ db: ctx.db, invitation, actorId: ctx.staff.id, ip: ctx.ip }))) return { ok: false, error: 'not_pending' };
  return { ok: true, data: { accountSlug: access.account.slug } };
});

export const revokePlatformInvitationCommand = staffCommand('users.manage', async (ctx): Promise<CommandResult<undefined>> => {
  const parsed = InvitationIdInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const invitation = await invitationById(ctx.db, parsed.data.invitationId);
  if (!invitation || !invitation.platformAdmin) return refuse(ctx, null, { invitationId: parsed.data.invitationId });
  if (!(await revokeInvitation({ db: ctx.db, invitation, actorId: ctx.staff.id, ip: ctx.ip }))) return { ok: false, error: 'not_pending' };
  return { ok: true, data: undefined };
});

/** A member outside this account is "not found", like another tenant's record. */
async function memberAnswer(ctx: CommandContext & { action: Action }, accountId: string, userId: string, outcome: MemberChange): Promise<CommandResult<undefined>> {
  if (outcome === 'not_member') return refuse(ctx, accountId, { userId });
  if (outcome === 'last_admin') return { ok: false, error: 'last_admin' };
  return { ok: true, data: undefined };
}

export const changeRoleCommand = staffCommand('staff.manage', async (ctx) => {
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: String(fieldsOf(ctx.input).account ?? ''), action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = RoleInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { userId, role } = parsed.data;
  return memberAnswer(ctx, access.account.id, userId, await changeMemberRole({ db: ctx.db, accountId: access.account.id, userId, role, actorId: ctx.staff.id, ip: ctx.ip }));
});

export const removeMemberCommand = staffCommand('staff.manage', async (ctx) => {
  const access = await accountForStaff({ db: ctx.db, staff: ctx.staff, slug: String(fieldsOf(ctx.input).account ?? ''), action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = MemberInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { userId } = parsed.data;
  return memberAnswer(ctx, access.account.id, userId, await removeMember({ db: ctx.db, accountId: access.account.id, userId, actorId: ctx.staff.id, ip: ctx.ip }));
});

export const setUserDisabledCommand = staffCommand('users.manage', async (ctx): Promise<CommandResult<undefined>> => {
  const parsed = DisableInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const outcome = await setUserDisabled({ db: ctx.db, userId: parsed.data.userId, disabled: parsed.data.disabled, actorId: ctx.staff.id, ip: ctx.ip });
  if (outcome === 'unknown') return refuse(ctx, null, { userId: parsed.data.userId });
  if (outcome === 'self') return { ok: false, error: 'self' };
  return { ok: true, data: undefined };
});
