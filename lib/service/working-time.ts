/**
 * Working time in Asia/Shanghai (docs/citizen-service.md, "Office hours"): pure functions over
 * an account's weekly hours and its calendar of exceptions (holidays, swapped working days 调休).
 * China has kept UTC+8 all year since 1991, so a fixed offset is exact and needs no time-zone
 * database on the webhook's hot path.
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** [start, end) minutes of the day, e.g. [540, 720] is 9:00–12:00. */
export type Interval = readonly [number, number];
/** ISO weekday (1 = Monday … 7 = Sunday) → that day's intervals, ordered, not overlapping. */
export type WeeklyHours = Readonly<Record<number, readonly Interval[]>>;
export type CalendarDayKind = 'holiday' | 'workday';

export interface WorkCalendar {
  weekly: WeeklyHours;
  /** `YYYY-MM-DD` → an exception to the weekly hours. */
  days: ReadonlyMap<string, CalendarDayKind>;
}

const WEEKDAY_HOURS: readonly Interval[] = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

/** accounts.office_hours null: Monday to Friday 9:00–12:00 and 13:30–17:30. */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = { 1: WEEKDAY_HOURS, 2: WEEKDAY_HOURS, 3: WEEKDAY_HOURS, 4: WEEKDAY_HOURS, 5: WEEKDAY_HOURS, 6: [], 7: [] };

/** The calendar date in Shanghai, `YYYY-MM-DD`. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since Shanghai midnight. */
export function shanghaiMinute(at: Date): number {
  const ms = (((at.getTime() + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}

/** ISO weekday of a `YYYY-MM-DD` date. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of `minute` on a Shanghai calendar day. */
export function shanghaiInstant(day: string, minute: number): Date {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() - OFFSET_MS + minute * 60_000);
}

/**
 * A swapped working day (调休, usually a weekend) keeps the hours of an ordinary weekday: the
 * account's Monday, or the default weekday hours when its Monday is closed.
 */
function swappedDayHours(weekly: WeeklyHours): readonly Interval[] {
  const monday = weekly[1] ?? [];
  return monday.length > 0 ? monday : WEEKDAY_HOURS;
}

/** The working intervals of one Shanghai day: none on a holiday, weekday hours on a swapped workday. */
export function intervalsOn(calendar: WorkCalendar, day: string): readonly Interval[] {
  const kind = calendar.days.get(day);
  if (kind === 'holiday') return [];
  const own = calendar.weekly[isoWeekday(day)] ?? [];
  if (kind === 'workday') return own.length > 0 ? own : swappedDayHours(calendar.weekly);
  return own;
}

export function isWorkingDay(calendar: WorkCalendar, day: string): boolean {
  return intervalsOn(calendar, day).length > 0;
}

export function isWorkingTime(calendar: WorkCalendar, at: Date): boolean {
  const minute = shanghaiMinute(at);
  return intervalsOn(calendar, shanghaiDay(at)).some(([s, e]) => minute >= s && minute < e);
}

/** How far ahead we look for working time: a calendar with none for two years is a broken one. */
const HORIZON_DAYS = 730;

/**
 * The first working instant at or after `at` (itself, during working hours); null when the
 * calendar has no working time within two years (every day closed).
 */
export function nextWorkingTime(calendar: WorkCalendar, at: Date): Date | null {
  const start = shanghaiDay(at);
  const minute = shanghaiMinute(at);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const day = addDays(start, i);
    for (const [s, e] of intervalsOn(calendar, day)) {
      if (i > 0 || minute < s) return shanghaiInstant(day, s);
      if (minute < e) return at;
    }
  }
  return null;
}

/**
 * `at` plus `minutes` of working time: the clock runs only inside working intervals (lunch
 * breaks, nights, weekends and holidays do not count). Null when the calendar has none.
 */
export function addWorkingMinutes(calendar: WorkCalendar, at: Date, minutes: number): Date | null {
  let left = Math.max(0, minutes);
  const start = shanghaiDay(at);
  const startMinute = at.getTime() - shanghaiInstant(start, 0).getTime();
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const day = addDays(start, i);
    for (const [s, e] of intervalsOn(calendar, day)) {
      const fromMs = i === 0 ? Math.max(s * 60_000, startMinute) : s * 60_000;
      const toMs = e * 60_000;
      if (fromMs >= toMs) continue;
      const span = toMs - fromMs;
      if (left * 60_000 <= span) return new Date(shanghaiInstant(day, 0).getTime() + fromMs + left * 60_000);
      left -= span / 60_000;
    }
  }
  return null;
}

export function addWorkingHours(calendar: WorkCalendar, at: Date, hours: number): Date | null {
  return addWorkingMinutes(calendar, at, hours * 60);
}

/**
 * The close of business on the `days`-th working day after the day of `at` (that day not
 * counted, as in "自受理之日起 5 个工作日内"): Monday 10:00 with 5 days is next Monday at closing time.
 */
export function endOfWorkingDays(calendar: WorkCalendar, at: Date, days: number): Date | null {
  let left = Math.max(1, days);
  let day = shanghaiDay(at);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    day = addDays(day, 1);
    const intervals = intervalsOn(calendar, day);
    if (intervals.length === 0) continue;
    left -= 1;
    if (left === 0) return shanghaiInstant(day, intervals[intervals.length - 1]![1]);
  }
  return null;
}
