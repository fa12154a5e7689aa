import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';

/**
 * Trial mode (docs/broadcasts.md "Sending"): a new account starts in it, and while it is on
 * only the guest list receives a preview or a send. An account admin turns it off once the
 * team trusts its pushes — or on again, e.g. while training new staff.
 */
const TrialInput = z.strictObject({ account: z.string().min(1).max(100), trialMode: z.enum(['on', 'off']) });

export const setTrialModeCommand = staffCommand('broadcasts.delivery_settings', async (ctx): Promise<CommandResult<{ trialMode: boolean }>> => {
  const slug = (ctx.input as { account?: unknown } | null)?.account;
  const access = typeof slug === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = TrialInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const trialMode = parsed.data.trialMode === 'on';
  await ctx.db.update(accounts).set({ trialMode, updatedAt: new Date() }).where(eq(accounts.id, access.account.id));
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action: trialMode ? 'broadcast.trial_on' : 'broadcast.trial_off', entityType: 'account', entityId: access.account.id, ip: ctx.ip ?? null });
  return { ok: true, data: { trialMode } };
});
