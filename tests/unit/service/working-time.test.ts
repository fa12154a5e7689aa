import { describe, expect, it } from 'vitest';
import { NATIONAL_CALENDAR_2026 } from '../../../lib/service/calendar-2026';
import { workCalendarOf } from '../../../lib/service/calendar';
import { dueTimesFor, formatIntervals, parseIntervalsText, parseOfficeHours } from '../../../lib/service/office-hours';
import { shortShanghaiTime } from '../../../lib/service/first-answer';
import {
  addWorkingHours,
  DEFAULT_WEEKLY_HOURS,
  endOfWorkingDays,
  intervalsOn,
  isWorkingTime,
  nextWorkingTime,
  type WorkCalendar,
} from '../../../lib/service/working-time';

/** Beijing wall-clock time → instant. */
const cst = (text: string) => new Date(`${text}:00+08:00`);
const national = workCalendarOf(null, NATIONAL_CALENDAR_2026);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('addWorkingHours (default hours Mon–Fri 9:00–12:00, 13:30–17:30)', () => {
  it('runs through the lunch break only in working time', () => {
    expect(iso(addWorkingHours(national, cst('2026-12-01T10:00'), 4))).toBe(iso(cst('2026-12-01T15:30')));
    expect(iso(addWorkingHours(national, cst('2026-12-01T11:00'), 2))).toBe(iso(cst('2026-12-01T14:30')));
  });

  it('starts at the next morning for a message at night', () => {
    expect(iso(addWorkingHours(national, cst('2026-12-01T20:00'), 4))).toBe(iso(cst('2026-12-02T14:30')));
  });

  it('skips the weekend', () => {
    expect(iso(addWorkingHours(national, cst('2026-12-04T16:00'), 4))).toBe(iso(cst('2026-12-07T11:30')));
    expect(iso(addWorkingHours(national, cst('2026-12-05T10:00'), 4))).toBe(iso(cst('2026-12-07T14:30')));
  });

  it('skips the national day holidays and counts the swapped Saturday', () => {
    expect(iso(addWorkingHours(national, cst('2026-09-30T16:00'), 4))).toBe(iso(cst('2026-10-08T11:30')));
    // Friday 9 October after hours: the next working time is the swapped Saturday 10 October.
    expect(iso(addWorkingHours(national, cst('2026-10-09T18:00'), 4))).toBe(iso(cst('2026-10-10T14:30')));
  });

  it('counts the Spring Festival swapped Saturday (14 February) and then skips nine days off', () => {
    expect(iso(addWorkingHours(national, cst('2026-02-13T17:00'), 4))).toBe(iso(cst('2026-02-14T14:00')));
    expect(iso(addWorkingHours(national, cst('2026-02-14T17:00'), 4))).toBe(iso(cst('2026-02-24T14:00')));
  });

  it('crosses the year end: 2027 has no shipped calendar until the account adds its days', () => {
    expect(iso(addWorkingHours(national, cst('2026-12-31T16:00'), 4))).toBe(iso(cst('2027-01-01T11:30')));
    const withNewYear = workCalendarOf(null, [...NATIONAL_CALENDAR_2026, { day: '2027-01-01', kind: 'holiday' }]);
    expect(iso(addWorkingHours(withNewYear, cst('2026-12-31T16:00'), 4))).toBe(iso(cst('2027-01-04T11:30')));
  });

  it('answers null when the calendar has no working time at all', () => {
    const closed: WorkCalendar = { weekly: {}, days: new Map() };
    expect(addWorkingHours(closed, cst('2026-12-01T10:00'), 4)).toBeNull();
    expect(nextWorkingTime(closed, cst('2026-12-01T10:00'))).toBeNull();
  });

  it('follows an account’s own weekly hours (Saturday mornings, no lunch break)', () => {
    const own = workCalendarOf({ '1': [[480, 1080]], '6': [[540, 720]] }, []);
    expect(iso(addWorkingHours(own, cst('2026-12-04T10:00'), 2))).toBe(iso(cst('2026-12-05T11:00')));
    expect(iso(addWorkingHours(own, cst('2026-12-05T11:00'), 4))).toBe(iso(cst('2026-12-07T11:00')));
  });
});

describe('nextWorkingTime and isWorkingTime', () => {
  it('is the moment itself during working hours', () => {
    expect(iso(nextWorkingTime(national, cst('2026-12-01T10:15')))).toBe(iso(cst('2026-12-01T10:15')));
    expect(isWorkingTime(national, cst('2026-12-01T10:15'))).toBe(true);
  });

  it('is the end of the lunch break at 12:30, the next morning at 17:30', () => {
    expect(iso(nextWorkingTime(national, cst('2026-12-01T12:30')))).toBe(iso(cst('2026-12-01T13:30')));
    expect(isWorkingTime(national, cst('2026-12-01T17:30'))).toBe(false);
    expect(iso(nextWorkingTime(national, cst('2026-12-01T17:30')))).toBe(iso(cst('2026-12-02T09:00')));
  });

  it('treats a holiday on a weekday as closed and a swapped weekend as open with Monday’s hours', () => {
    expect(intervalsOn(national, '2026-10-01')).toEqual([]);
    expect(intervalsOn(national, '2026-10-10')).toEqual(DEFAULT_WEEKLY_HOURS[1]);
    expect(isWorkingTime(national, cst('2026-09-20T10:00'))).toBe(true); // Sunday, swapped
    expect(isWorkingTime(national, cst('2026-09-19T10:00'))).toBe(false); // an ordinary Saturday
  });
});

describe('endOfWorkingDays', () => {
  it('is closing time on the 5th working day after the day it came in', () => {
    expect(iso(endOfWorkingDays(national, cst('2026-11-30T10:00'), 5))).toBe(iso(cst('2026-12-07T17:30')));
  });

  it('counts around the national day holidays and the swapped Saturday', () => {
    expect(iso(endOfWorkingDays(national, cst('2026-09-30T10:00'), 5))).toBe(iso(cst('2026-10-13T17:30')));
  });

  it('starts counting the next working day for an inquiry on a Sunday', () => {
    expect(iso(endOfWorkingDays(national, cst('2026-12-06T22:00'), 1))).toBe(iso(cst('2026-12-07T17:30')));
  });
});

describe('dueTimesFor', () => {
  it('gives the first answer in working hours and the resolution in working days', () => {
    const due = dueTimesFor({ calendar: national, firstResponseWorkingHours: 4, resolutionWorkingDays: 5 }, cst('2026-12-04T16:00'));
    expect(iso(due.dueAt)).toBe(iso(cst('2026-12-07T11:30')));
    expect(iso(due.resolutionDueAt)).toBe(iso(cst('2026-12-11T17:30')));
  });
});

describe('the 2026 national calendar', () => {
  it('has the seven holidays and six swapped working days of the State Council’s notice', () => {
    const holidays = NATIONAL_CALENDAR_2026.filter((d) => d.kind === 'holiday');
    const workdays = NATIONAL_CALENDAR_2026.filter((d) => d.kind === 'workday').map((d) => d.day);
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe('office hours as typed and stored', () => {
  it('reads periods with dashes, full-width commas and tildes', () => {
    expect(parseIntervalsText('9:00-12:00, 13:30-17:30')).toEqual([
      [540, 720],
      [810, 1050],
    ]);
    expect(parseIntervalsText('08:30～12:00，14:00–18:00')).toEqual([
      [510, 720],
      [840, 1080],
    ]);
    expect(parseIntervalsText('')).toEqual([]);
  });

  it('refuses overlapping, reversed and malformed periods', () => {
    expect(parseIntervalsText('9:00-12:00, 11:00-14:00')).toBeNull();
    expect(parseIntervalsText('12:00-9:00')).toBeNull();
    expect(parseIntervalsText('9-12')).toBeNull();
    expect(parseIntervalsText('25:00-26:00')).toBeNull();
  });

  it('falls back to the default for null or malformed JSON and round-trips the form text', () => {
    expect(parseOfficeHours(null)).toBe(DEFAULT_WEEKLY_HOURS);
    expect(parseOfficeHours({ '1': [[800, 700]] })).toBe(DEFAULT_WEEKLY_HOURS);
    expect(formatIntervals(parseOfficeHours({ '2': [[540, 720], [810, 1050]] })[2]!)).toBe('9:00-12:00, 13:30-17:30');
  });

  it('writes a due time for the chat the short way, in Beijing time', () => {
    expect(shortShanghaiTime(cst('2026-12-02T09:00'))).toBe('12月2日（周三）9:00');
  });
});
