import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { staffInvitations, users, type StaffInvitation } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password';
import * as rateLimit from '../auth/rate-limit';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import { isInvitationTokenShape } from './invitation-token';
import { auditAccepted, claimInvitation, grantInvitation, invitationByToken, type InvitationState } from './invitations';

/**
 * Accepting an invitation (docs/admin.md "Staff and invitations"), two ways:
 *  - a newcomer sets a name and a password on the public page (`acceptAsNewUser`); the email is
 *    the invitation's, never a form field;
 *  - someone who already has a login with that email signs in and takes it
 *    (`acceptInvitationCommand`, a `self` action about the signed-in user).
 * Both are throttled per client address, since the page is open to anyone holding a link.
 */

/**
 * 10 free attempts per client address, then 5 s, 10 s, 20 s… at most 15 minutes between
 * attempts; forgotten after a quiet hour. Generous for a person retyping a password, useless for
 * trying links (a token has 256 bits; this stops a script hammering the page, not a guess).
 */
export const ACCEPT_COOL_DOWN: rateLimit.CoolDownPolicy = { free: 10, baseSeconds: 5, maxSeconds: 15 * 60, forgetAfterSeconds: 3600 };
const keyOf = (ip: string | null | undefined) => `invite-accept:${ip ?? 'unknown'}`;

/** Why a link cannot be taken: its state, or another reason the page names. */
export type AcceptRefusal = Exclude<InvitationState, 'valid'> | 'throttled' | 'exists' | 'other_email';

const token = z.string().refine(isInvitationTokenShape, 'unknown');

/** The same rules as the password change form (lib/auth/password-change.ts): 8 to 128 characters, typed twice. */
const NewUserInput = z
  .strictObject({
    token,
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    password: z.string().min(1, 'required').min(PASSWORD_MIN_LENGTH, 'too_short').max(PASSWORD_MAX_LENGTH, 'too_long'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.confirmPassword === v.password, { message: 'mismatch', path: ['confirmPassword'] });

export type AcceptResult = CommandResult<{ email: string; accountSlug: string | null }>;

async function throttle(db: Db, ip: string | null | undefined): Promise<boolean> {
  const outcome = await rateLimit.attempt({ db, key: keyOf(ip), policy: ACCEPT_COOL_DOWN });
  if (outcome.allowed) return true;
  await recordAudit({ db, action: 'invitation.accept_throttled', detail: { retryAfterSeconds: outcome.retryAfterSeconds }, ip: ip ?? null });
  return false;
}

/** Thrown inside the transaction to undo the claim when the email turned out to be taken. */
class EmailTaken extends Error {}

/**
 * A newcomer's sign-up through a link: one transaction takes the invitation (once, atomically),
 * creates the user with the invitation's email, grants the membership and audits. If a user
 * with that email appeared meanwhile, nothing is kept and the page asks them to sign in.
 */
export async function acceptAsNewUser(args: { db: Db; input: unknown; ip?: string | null }): Promise<AcceptResult> {
  const { db, ip } = args;
  if (!(await throttle(db, ip))) return { ok: false, error: 'throttled' };
  const parsed = NewUserInput.safeParse(args.input);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === 'token')) return { ok: false, error: 'unknown' };
    return invalidInput(parsed.error);
  }
  const view = await invitationByToken(db, parsed.data.token);
  if (view.state !== 'valid') return { ok: false, error: view.state };
  if (view.existingUser) return { ok: false, error: 'exists' };
  // Hash outside the transaction: ~50 ms of CPU should not hold the invitation's row lock.
  const passwordHash = await hashPassword(parsed.data.password);
  let taken: StaffInvitation | null = null;
  try {
    taken = await db.transaction(async (tx) => {
      const claimed = await claimInvitation(tx as unknown as Db, parsed.data.token, null);
      if (!claimed) return null;
      // The unique index on lower(email) decides a race with another sign-up of the same person.
      const [user] = await tx.insert(users).values({ email: claimed.email, name: parsed.data.name, passwordHash }).onConflictDoNothing().returning({ id: users.id });
      if (!user) throw new EmailTaken();
      await tx.update(staffInvitations).set({ acceptedUserId: user.id }).where(eq(staffInvitations.id, claimed.id));
      await grantInvitation(tx as unknown as Db, claimed, user.id);
      await auditAccepted(tx as unknown as Db, claimed, user.id, true, ip);
      return claimed;
    });
  } catch (error) {
    if (error instanceof EmailTaken) return { ok: false, error: 'exists' };
    throw error;
  }
  if (!taken) return { ok: false, error: (await invitationByToken(db, parsed.data.token)).state as AcceptRefusal };
  await rateLimit.release({ db, key: keyOf(ip) });
  return { ok: true, data: { email: taken.email, accountSlug: view.account?.slug ?? null } };
}

const SignedInInput = z.strictObject({ token });

/**
 * Someone signed in takes an invitation sent to their own email: the membership (or platform
 * admin) is added to the user they are. The invitation's email must be theirs — a link passed on
 * to a colleague does not give that colleague the role.
 */
export const acceptInvitationCommand = staffCommand('invitations.accept', async (ctx): Promise<AcceptResult> => {
  const { db, staff, ip } = ctx;
  if (!(await throttle(db, ip))) return { ok: false, error: 'throttled' };
  const parsed = SignedInInput.safeParse(ctx.input);
  if (!parsed.success) return { ok: false, error: 'unknown' };
  const view = await invitationByToken(db, parsed.data.token);
  if (view.state !== 'valid') return { ok: false, error: view.state };
  if (view.invitation!.email.toLowerCase() !== staff.email.toLowerCase()) return { ok: false, error: 'other_email' };
  const taken = await db.transaction(async (tx) => {
    const claimed = await claimInvitation(tx as unknown as Db, parsed.data.token, staff.id);
    if (!claimed) return null;
    await grantInvitation(tx as unknown as Db, claimed, staff.id);
    await auditAccepted(tx as unknown as Db, claimed, staff.id, false, ip);
    return claimed;
  });
  if (!taken) return { ok: false, error: (await invitationByToken(db, parsed.data.token)).state as AcceptRefusal };
  await rateLimit.release({ db, key: keyOf(ip) });
  return { ok: true, data: { email: taken.email, accountSlug: view.account?.slug ?? null } };
});
