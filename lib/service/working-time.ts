import { SHANGHAI_OFFSET_MS, shanghaiMinute } from '../time/shanghai';

/**
 * Working time in Asia/Shanghai (docs/citizen-service.md, "Office hours"): pure functions over
 * an account's weekly hours and its calendar of exceptions (holidays, swapped working days 调休).
 * China has kept UTC+8 all year since 1991, so a fixed offset is exact and needs no time-zone
 * database on the webhook's hot path.
 */
const OFFSET_MS = SHANGHAI_OFFSET_MS;
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

/*
 * Inside, days are integers (days since 1970-01-01 in Shanghai) and the calendar is read through
 * a numeric index built once per calendar: this runs for every citizen's message on the webhook,
 * where parsing and formatting date strings day by day cost more than the rest of the step.
 */
type DayNumber = number;
const dayNumberOf = (at: Date): DayNumber => Math.floor((at.getTime() + OFFSET_MS) / DAY_MS);
const dayNumberOfDay = (day: string): DayNumber => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
/** 1970-01-01 was a Thursday (ISO 4). */
const weekdayOfNumber = (dn: DayNumber): number => ((((dn + 3) % 7) + 7) % 7) + 1;
const instantOf = (dn: DayNumber, minuteMs: number): Date => new Date(dn * DAY_MS - OFFSET_MS + minuteMs);

const numericIndex = new WeakMap<ReadonlyMap<string, CalendarDayKind>, Map<DayNumber, CalendarDayKind>>();
function kindOn(calendar: WorkCalendar, dn: DayNumber): CalendarDayKind | undefined {
  let index = numericIndex.get(calendar.days);
  if (!index) {
    index = new Map([...calendar.days].map(([day, kind]) => [dayNumberOfDay(day), kind]));
    numericIndex.set(calendar.days, index);
  }
  return index.get(dn);
}

function intervalsOnNumber(calendar: WorkCalendar, dn: DayNumber): readonly Interval[] {
  const kind = kindOn(calendar, dn);
  if (kind === 'holiday') return [];
  const own = calendar.weekly[weekdayOfNumber(dn)] ?? [];
  if (kind === 'workday') return own.length > 0 ? own : swappedDayHours(calendar.weekly);
  return own;
}

/** The working intervals of one Shanghai day: none on a holiday, weekday hours on a swapped workday. */
export function intervalsOn(calendar: WorkCalendar, day: string): readonly Interval[] {
  return intervalsOnNumber(calendar, dayNumberOfDay(day));
}

export function isWorkingDay(calendar: WorkCalendar, day: string): boolean {
  return intervalsOn(calendar, day).length > 0;
}

export function isWorkingTime(calendar: WorkCalendar, at: Date): boolean {
  const minute = shanghaiMinute(at);
  return intervalsOnNumber(calendar, dayNumberOf(at)).some(([s, e]) => minute >= s && minute < e);
}

/** How far ahead we look for working time: a calendar with none for two years is a broken one. */
const HORIZON_DAYS = 730;

/**
 * The first working instant at or after `at` (itself, during working hours); null when the
 * calendar has no working time within two years (every day closed).
 */
export function nextWorkingTime(calendar: WorkCalendar, at: Date): Date | null {
  const start = dayNumberOf(at);
  const minute = shanghaiMinute(at);
  for (let i = 0; i < HORIZON_DAYS; i++) {
    for (const [s, e] of intervalsOnNumber(calendar, start + i)) {
      if (i > 0 || minute < s) return instantOf(start + i, s * 60_000);
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
  let leftMs = Math.max(0, minutes) * 60_000;
  const start = dayNumberOf(at);
  const startMs = at.getTime() - instantOf(start, 0).getTime();
  for (let i = 0; i < HORIZON_DAYS; i++) {
    for (const [s, e] of intervalsOnNumber(calendar, start + i)) {
      const fromMs = i === 0 ? Math.max(s * 60_000, startMs) : s * 60_000;
      const toMs = e * 60_000;
      if (fromMs >= toMs) continue;
      if (leftMs <= toMs - fromMs) return instantOf(start + i, fromMs + leftMs);
      leftMs -= toMs - fromMs;
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
  const start = dayNumberOf(at);
  for (let i = 1; i <= HORIZON_DAYS; i++) {
    const intervals = intervalsOnNumber(calendar, start + i);
    if (intervals.length === 0) continue;
    left -= 1;
    if (left === 0) return instantOf(start + i, intervals[intervals.length - 1]![1] * 60_000);
  }
  return null;
}
