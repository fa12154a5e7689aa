import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, serviceCalendarDays } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';
import { casePrefixOf } from './case-number';
import type { InquiryService } from './first-answer';
import { NATIONAL_CALENDAR_2026, type NationalDay } from './calendar-2026';
import { parseOfficeHours } from './office-hours';
import type { WorkCalendar } from './working-time';

/** The national calendars shipped with WeGov, by year (docs/citizen-service.md cites the source). */
const NATIONAL_CALENDARS: Readonly<Record<number, readonly NationalDay[]>> = { 2026: NATIONAL_CALENDAR_2026 };

/**
 * Prefills an account's calendar for `year` from the national arrangement, keeping any day the
 * account already set (its own edits win). Idempotent: the demo seed and account creation both
 * call it. Returns how many days were added; 0 for a year WeGov ships no calendar for.
 */
export async function ensureCalendarYear(db: DbOrTx, accountId: string, year: number): Promise<number> {
  const days = NATIONAL_CALENDARS[year] ?? [];
  if (days.length === 0) return 0;
  const added = await db
    .insert(serviceCalendarDays)
    .values(days.map((d) => ({ accountId, day: d.day, kind: d.kind, label: d.label })))
    .onConflictDoNothing()
    .returning({ day: serviceCalendarDays.day });
  return added.length;
}

export function hasNationalCalendar(year: number): boolean {
  return (NATIONAL_CALENDARS[year]?.length ?? 0) > 0;
}

/** An account's calendar days from `from` (a `YYYY-MM-DD`) onwards, or of one year. */
export async function listCalendarDays(args: { db: DbOrTx; accountId: string; year?: number }) {
  const where = args.year
    ? and(eq(serviceCalendarDays.accountId, args.accountId), gte(serviceCalendarDays.day, `${args.year}-01-01`), lt(serviceCalendarDays.day, `${args.year + 1}-01-01`))
    : eq(serviceCalendarDays.accountId, args.accountId);
  return args.db.select().from(serviceCalendarDays).where(where).orderBy(asc(serviceCalendarDays.day));
}

/** The account's weekly hours and calendar, as the working-time functions take them. */
export function workCalendarOf(officeHours: unknown, days: ReadonlyArray<{ day: string; kind: 'holiday' | 'workday' }>): WorkCalendar {
  return { weekly: parseOfficeHours(officeHours), days: new Map(days.map((d) => [d.day, d.kind])) };
}

/** Reads an account's working calendar (office hours + exceptions) and its two service targets. */
export async function loadServiceSchedule(db: DbOrTx | Db, accountId: string): Promise<ServiceSchedule | null> {
  const [account] = await db
    .select({
      officeHours: accounts.officeHours,
      firstResponseWorkingHours: accounts.firstResponseWorkingHours,
      resolutionWorkingDays: accounts.resolutionWorkingDays,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  if (!account) return null;
  const days = await db.select({ day: serviceCalendarDays.day, kind: serviceCalendarDays.kind }).from(serviceCalendarDays).where(eq(serviceCalendarDays.accountId, accountId));
  return {
    calendar: workCalendarOf(account.officeHours, days),
    firstResponseWorkingHours: account.firstResponseWorkingHours,
    resolutionWorkingDays: account.resolutionWorkingDays,
  };
}

export interface ServiceSchedule {
  calendar: WorkCalendar;
  firstResponseWorkingHours: number;
  resolutionWorkingDays: number;
}

/** What the webhook's account cache keeps of citizen service: one small read per cache fill. */
export async function inquiryServiceOf(
  db: DbOrTx | Db,
  account: { id: string; slug: string; casePrefix: string | null; officeHours: unknown; firstResponseWorkingHours: number; resolutionWorkingDays: number },
): Promise<InquiryService> {
  const days = await db.select({ day: serviceCalendarDays.day, kind: serviceCalendarDays.kind }).from(serviceCalendarDays).where(eq(serviceCalendarDays.accountId, account.id));
  return {
    casePrefix: casePrefixOf(account),
    calendar: workCalendarOf(account.officeHours, days),
    firstResponseWorkingHours: account.firstResponseWorkingHours,
    resolutionWorkingDays: account.resolutionWorkingDays,
  };
}
