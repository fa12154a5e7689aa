import { forgetWebhookAccounts } from '../accounts/webhook-account';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { accounts, serviceCalendarDays } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type AccountAccess } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { addWorkingHours, DEFAULT_WEEKLY_HOURS, endOfWorkingDays, type Interval, type WeeklyHours, type WorkCalendar } from './working-time';

/**
 * An account's office hours (docs/citizen-service.md, "Office hours"): the weekly schedule in
 * accounts.office_hours, the two service targets, and the commands staff edit them with.
 */

const IntervalJson = z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]).refine(([s, e]) => s < e);
const OfficeHoursJson = z.record(z.string().regex(/^[1-7]$/), z.array(IntervalJson).max(6));

/** accounts.office_hours as the working-time functions take it; null or malformed: the default. */
export function parseOfficeHours(value: unknown): WeeklyHours {
  if (value === null || value === undefined) return DEFAULT_WEEKLY_HOURS;
  const parsed = OfficeHoursJson.safeParse(value);
  if (!parsed.success) return DEFAULT_WEEKLY_HOURS;
  const weekly: Record<number, readonly Interval[]> = {};
  for (let d = 1; d <= 7; d++) weekly[d] = (parsed.data[String(d)] ?? []).map(([s, e]) => [s, e] as const);
  return weekly;
}

const hhmm = (minute: number) => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;

/** `9:00-12:00, 13:30-17:30`: how the form shows one day's hours (empty: closed). */
export function formatIntervals(intervals: readonly Interval[]): string {
  return intervals.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`).join(', ');
}

const TIME = /^([01]?\d|2[0-4]):([0-5]\d)$/;
function minuteOf(text: string): number | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  return minute <= 1440 ? minute : null;
}

/**
 * Parses one day's hours as typed: `9:00-12:00, 13:30-17:30` (also with `–`, `～`, `，`, `、`).
 * Null when it is not a list of ordered, non-overlapping times; empty text is a closed day.
 */
export function parseIntervalsText(text: string): Interval[] | null {
  const parts = text.split(/[,，、;；]/).map((p) => p.trim()).filter(Boolean);
  const out: Interval[] = [];
  for (const part of parts) {
    const [a, b, ...rest] = part.split(/\s*[-–—~～至]\s*/);
    if (a === undefined || b === undefined || rest.length > 0) return null;
    const s = minuteOf(a);
    const e = minuteOf(b);
    if (s === null || e === null || s >= e) return null;
    if (out.length > 0 && s < out[out.length - 1]![1]) return null;
    out.push([s, e]);
  }
  return out.length > 6 ? null : out;
}

/** When a new inquiry's first answer and its resolution are due (conversations.due_at, resolution_due_at). */
export function dueTimesFor(
  schedule: { calendar: WorkCalendar; firstResponseWorkingHours: number; resolutionWorkingDays: number },
  receivedAt: Date,
): { dueAt: Date; resolutionDueAt: Date } {
  // A calendar without any working time (every day closed) falls back to calendar time, so an
  // inquiry never goes without a due time.
  const dueAt = addWorkingHours(schedule.calendar, receivedAt, schedule.firstResponseWorkingHours) ?? new Date(receivedAt.getTime() + schedule.firstResponseWorkingHours * 3600_000);
  const resolutionDueAt = endOfWorkingDays(schedule.calendar, receivedAt, schedule.resolutionWorkingDays) ?? new Date(receivedAt.getTime() + schedule.resolutionWorkingDays * 86_400_000);
  return { dueAt, resolutionDueAt };
}

// ── staff commands ──────────────────────────────────────────────────────────────────────
const slugField = z.string().min(1).max(100);
const dayField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'not a date');
const hoursText = z
  .string()
  .max(200)
  .default('')
  .transform((v, ctx) => {
    const parsed = parseIntervalsText(v);
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: 'hours' });
      return z.NEVER;
    }
    return parsed;
  });

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HoursInput = z.strictObject({
  account: slugField,
  day1: hoursText,
  day2: hoursText,
  day3: hoursText,
  day4: hoursText,
  day5: hoursText,
  day6: hoursText,
  day7: hoursText,
  firstResponseWorkingHours: z.coerce.number().int().min(1).max(200),
  resolutionWorkingDays: z.coerce.number().int().min(1).max(60),
});
const AddDayInput = z.strictObject({ account: slugField, day: dayField, kind: z.enum(['holiday', 'workday']), label: z.string().trim().max(30).optional() });
const RemoveDayInput = z.strictObject({ account: slugField, day: dayField });

async function gate(ctx: CommandContext & { action: AccountAction }): Promise<AccountAccess | null> {
  const raw = typeof ctx.input === 'object' && ctx.input !== null ? (ctx.input as Record<string, unknown>).account : undefined;
  if (typeof raw !== 'string') return null;
  return accountForStaff({ db: ctx.db, staff: ctx.staff, slug: raw, action: ctx.action, ip: ctx.ip });
}

async function audit(ctx: CommandContext, accountId: string, action: string, detail: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId, action, entityType: 'account', entityId: accountId, detail, ip: ctx.ip ?? null });
}

/** Saves the weekly hours and the two targets together (one form on the office-hours page). */
export const saveOfficeHoursCommand = staffCommand('service.hours.edit', async (ctx): Promise<CommandResult> => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = HoursInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const input = parsed.data;
  const officeHours = Object.fromEntries(WEEKDAYS.map((d) => [String(d), input[`day${d}`]]));
  await ctx.db
    .update(accounts)
    .set({ officeHours, firstResponseWorkingHours: input.firstResponseWorkingHours, resolutionWorkingDays: input.resolutionWorkingDays })
    .where(eq(accounts.id, access.account.id));
  await audit(ctx, access.account.id, 'service.hours.save', {
    officeHours,
    firstResponseWorkingHours: input.firstResponseWorkingHours,
    resolutionWorkingDays: input.resolutionWorkingDays,
  });
  forgetWebhookAccounts();
  return { ok: true, data: undefined };
});

/** Adds (or changes) one day of the calendar: a holiday, or a weekend worked in exchange (调休). */
export const addCalendarDayCommand = staffCommand('service.hours.edit', async (ctx): Promise<CommandResult> => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = AddDayInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { day, kind } = parsed.data;
  const label = parsed.data.label || null;
  await ctx.db
    .insert(serviceCalendarDays)
    .values({ accountId: access.account.id, day, kind, label })
    .onConflictDoUpdate({ target: [serviceCalendarDays.accountId, serviceCalendarDays.day], set: { kind, label } });
  await audit(ctx, access.account.id, 'service.calendar.add', { day, kind, label });
  forgetWebhookAccounts();
  return { ok: true, data: undefined };
});

export const removeCalendarDayCommand = staffCommand('service.hours.edit', async (ctx): Promise<CommandResult> => {
  const access = await gate(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = RemoveDayInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const removed = await ctx.db
    .delete(serviceCalendarDays)
    .where(and(eq(serviceCalendarDays.accountId, access.account.id), eq(serviceCalendarDays.day, parsed.data.day)))
    .returning({ day: serviceCalendarDays.day });
  if (removed.length === 0) return { ok: false, error: 'no_such_day' };
  await audit(ctx, access.account.id, 'service.calendar.remove', { day: parsed.data.day });
  forgetWebhookAccounts();
  return { ok: true, data: undefined };
});
