import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { LOGIN_PAIR_COOL_DOWN } from './authenticate';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './password';
import * as rateLimit from './rate-limit';
import { revokeAllSessions } from './sessions';
import { invalidInput, staffCommand } from './staff-command';

/** Field errors the form turns into copy (lib/i18n/dict/admin.ts `admin.password.error.*`). */
export type PasswordChangeError = 'required' | 'too_short' | 'too_long' | 'mismatch' | 'same' | 'wrong' | 'throttled';

const ChangeInput = z
  .strictObject({
    currentPassword: z.string().min(1, 'required').max(PASSWORD_MAX_LENGTH, 'wrong'),
    newPassword: z.string().min(1, 'required').min(PASSWORD_MIN_LENGTH, 'too_short').max(PASSWORD_MAX_LENGTH, 'too_long'),
    confirmPassword: z.string(),
  })
  .refine((v) => v.confirmPassword === v.newPassword, { message: 'mismatch', path: ['confirmPassword'] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: 'same', path: ['newPassword'] });

/**
 * Guessing the current password through this form is throttled like signing in from one place
 * (LOGIN_PAIR_COOL_DOWN: 5 free, then a doubling cool-down), per user: a stolen session must not
 * become a way to find the password (docs/admin.md "Change my password").
 */
const keyOf = (userId: string) => `password-change:${userId}`;

/**
 * Change my password: the current one is required; a wrong one is an error at its field and
 * changes nothing. On success the new hash is written and every session of the user ends —
 * this one too, since they all carry the old `session_version` — in one transaction, audited.
 * The caller then sends the user to sign in with the new password (docs/admin.md).
 */
export const changePasswordCommand = staffCommand('me.password.change', async (ctx) => {
  const parsed = ChangeInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { db, staff } = ctx;
  const key = keyOf(staff.id);
  const allowed = await rateLimit.attempt({ db, key, policy: LOGIN_PAIR_COOL_DOWN });
  if (!allowed.allowed) {
    await audit(db, staff.id, 'password.change_throttled', ctx.ip, { retryAfterSeconds: allowed.retryAfterSeconds });
    return { ok: false, fieldErrors: { currentPassword: ['throttled'] } };
  }
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, staff.id)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    await audit(db, staff.id, 'password.change_failed', ctx.ip);
    return { ok: false, fieldErrors: { currentPassword: ['wrong'] } };
  }
  // Hash outside the transaction: ~50 ms of CPU should not hold the row lock.
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, staff.id));
    await revokeAllSessions({ db: tx as unknown as Db, userId: staff.id, reason: 'password_change', ip: ctx.ip });
    await audit(tx as unknown as Db, staff.id, 'password.changed', ctx.ip);
  });
  await rateLimit.clear({ db, key });
  return { ok: true, data: undefined };
});

async function audit(db: Db, userId: string, action: string, ip: string | null | undefined, detail?: Record<string, unknown>) {
  await recordAudit({ db, actorId: userId, action, entityType: 'user', entityId: userId, detail, ip: ip ?? null });
}
