import { shanghaiDay, shanghaiMonth } from '../time/shanghai';
import { and, asc, count, eq, like } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accounts, broadcastQuotaSlots, broadcasts, type Account, type Broadcast } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import type { DbOrTx } from '../jobs/outbox';

/**
 * How many pushes an account may send (docs/broadcasts.md "Quota"). WeChat's own rules differ by
 * account type — a subscription account 1 a day, a service account 4 a calendar month and each
 * follower at most 4 a month, the older certified rule 3 a day — and a government department
 * may hold itself to less; the policy is the account's, set by a platform admin.
 */
export type QuotaWindow = Account['broadcastQuotaWindow'];

export interface QuotaPolicy {
  limit: number;
  window: QuotaWindow;
  /** Pushes one follower may receive in a calendar month; null: no cap. */
  followerMonthlyCap: number | null;
}

export const QUOTA_PRESETS = {
  subscription: { limit: 1, window: 'day', followerMonthlyCap: null },
  service: { limit: 4, window: 'month', followerMonthlyCap: 4 },
  certified_daily: { limit: 3, window: 'day', followerMonthlyCap: null },
} as const satisfies Record<string, QuotaPolicy>;
export type QuotaPreset = keyof typeof QUOTA_PRESETS;

export function policyOf(account: Pick<Account, 'broadcastQuotaLimit' | 'broadcastQuotaWindow' | 'broadcastFollowerMonthlyCap'>): QuotaPolicy {
  return { limit: account.broadcastQuotaLimit, window: account.broadcastQuotaWindow, followerMonthlyCap: account.broadcastFollowerMonthlyCap };
}

/** The preset a policy matches, or null when it was set by hand. */
export function presetOf(policy: QuotaPolicy): QuotaPreset | null {
  for (const [name, p] of Object.entries(QUOTA_PRESETS) as [QuotaPreset, QuotaPolicy][]) {
    if (p.limit === policy.limit && p.window === policy.window && p.followerMonthlyCap === policy.followerMonthlyCap) return name;
  }
  return null;
}


/** The quota period a send at `at` spends: its day or its month, in Asia/Shanghai. */
export function quotaPeriodOf(window: QuotaWindow, at: Date): string {
  return window === 'day' ? shanghaiDay(at) : shanghaiMonth(at);
}

export type SpendResult = { ok: true; period: string; slot: number } | { ok: false; period: string };

/**
 * Spends one slot of the period for a broadcast, or refuses when none is left. The slot row's
 * primary key (account, period, slot) decides a race: two sends that both saw one slot free
 * insert the same key, PostgreSQL lets one win, the other's insert does nothing and it tries the
 * next slot — or, past the limit, is refused. Counting first and inserting after would let both
 * through. The caller has made sure this broadcast spends at most once (its status moved
 * from approved under a row lock), so the broadcast's own unique key never collides here.
 */
export async function spendQuotaSlot(args: { db: DbOrTx; accountId: string; broadcastId: number; policy: QuotaPolicy; at: Date }): Promise<SpendResult> {
  const period = quotaPeriodOf(args.policy.window, args.at);
  for (let slot = 1; slot <= args.policy.limit; slot++) {
    const [row] = await args.db
      .insert(broadcastQuotaSlots)
      .values({ accountId: args.accountId, period, slot, broadcastId: args.broadcastId })
      .onConflictDoNothing()
      .returning({ slot: broadcastQuotaSlots.slot });
    if (row) return { ok: true, period, slot: row.slot };
  }
  return { ok: false, period };
}

/** Gives a broadcast's slot back (a scheduled send cancelled, or one WeChat refused outright). */
export async function releaseQuotaSlot(args: { db: DbOrTx; broadcastId: number }): Promise<void> {
  await args.db.delete(broadcastQuotaSlots).where(eq(broadcastQuotaSlots.broadcastId, args.broadcastId));
}

export interface PeriodUsage {
  period: string;
  used: number;
  limit: number;
  /** The broadcasts that spent this period's slots. */
  broadcasts: Array<{ id: number; title: string; status: Broadcast['status']; slot: number; scheduledAt: Date | null }>;
}

/**
 * The planner's calendar for one month (`2026-12`): each day of it for a daily policy, or the
 * month itself for a monthly one, with the slots spent and who spent them.
 */
export async function quotaCalendar(args: { db: Db; account: Account; month: string }): Promise<{ policy: QuotaPolicy; periods: PeriodUsage[] }> {
  const policy = policyOf(args.account);
  const rows = await args.db
    .select({ period: broadcastQuotaSlots.period, slot: broadcastQuotaSlots.slot, id: broadcasts.id, title: broadcasts.title, status: broadcasts.status, scheduledAt: broadcasts.scheduledAt })
    .from(broadcastQuotaSlots)
    .innerJoin(broadcasts, eq(broadcasts.id, broadcastQuotaSlots.broadcastId))
    .where(and(eq(broadcastQuotaSlots.accountId, args.account.id), like(broadcastQuotaSlots.period, `${args.month}%`)))
    .orderBy(asc(broadcastQuotaSlots.period), asc(broadcastQuotaSlots.slot));
  const periods = policy.window === 'month' ? [args.month] : daysOf(args.month);
  return {
    policy,
    periods: periods.map((period) => {
      const spent = rows.filter((r) => r.period === period);
      return { period, used: spent.length, limit: policy.limit, broadcasts: spent.map(({ period: _p, ...b }) => b) };
    }),
  };
}

/** Slots left in the period of `at`. */
export async function slotsLeft(args: { db: Db; account: Account; at: Date }): Promise<{ period: string; used: number; limit: number }> {
  const policy = policyOf(args.account);
  const period = quotaPeriodOf(policy.window, args.at);
  const [row] = await args.db
    .select({ used: count() })
    .from(broadcastQuotaSlots)
    .where(and(eq(broadcastQuotaSlots.accountId, args.account.id), eq(broadcastQuotaSlots.period, period)));
  return { period, used: row?.used ?? 0, limit: policy.limit };
}

function daysOf(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const PolicyInput = z.strictObject({
  account: z.string().min(1).max(100),
  preset: z.enum(['subscription', 'service', 'certified_daily', 'custom']),
  limit: z.union([z.literal(''), z.coerce.number().int().min(1).max(100)]).optional(),
  window: z.union([z.literal(''), z.enum(['day', 'month'])]).optional(),
  followerMonthlyCap: z.union([z.literal(''), z.coerce.number().int().min(1).max(100)]).optional(),
});

/** A platform admin sets an account's quota policy from a preset or by hand; audited with before and after. */
export const setQuotaPolicyCommand = staffCommand('broadcasts.quota_policy', async (ctx): Promise<CommandResult<QuotaPolicy>> => {
  const slug = (ctx.input as { account?: unknown } | null)?.account;
  const access = typeof slug === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = PolicyInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  let policy: QuotaPolicy;
  if (input.preset === 'custom') {
    const fieldErrors: Record<string, string[]> = {};
    if (input.limit === undefined || input.limit === '') fieldErrors.limit = ['required'];
    if (input.window === undefined || input.window === '') fieldErrors.window = ['required'];
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
    policy = { limit: input.limit as number, window: input.window as QuotaWindow, followerMonthlyCap: input.followerMonthlyCap === '' || input.followerMonthlyCap === undefined ? null : input.followerMonthlyCap };
  } else {
    policy = { ...QUOTA_PRESETS[input.preset] };
  }
  const before = policyOf(access.account);
  await ctx.db
    .update(accounts)
    .set({ broadcastQuotaLimit: policy.limit, broadcastQuotaWindow: policy.window, broadcastFollowerMonthlyCap: policy.followerMonthlyCap, updatedAt: new Date() })
    .where(eq(accounts.id, access.account.id));
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action: 'broadcast.quota_policy', entityType: 'account', entityId: access.account.id, detail: { before, after: policy }, ip: ctx.ip ?? null });
  return { ok: true, data: policy };
});
