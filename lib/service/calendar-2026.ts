import type { CalendarDayKind } from './working-time';

/**
 * The national holidays of 2026 and the weekends worked in exchange (调休), as announced in
 * 国务院办公厅关于2026年部分节假日安排的通知 of 4 November 2025 (source cited in
 * docs/citizen-service.md). Every account's calendar is prefilled from this; the account edits
 * its own copy.
 */
interface Span {
  from: string;
  to: string;
  label: string;
}

const HOLIDAYS: readonly Span[] = [
  { from: '2026-01-01', to: '2026-01-03', label: '元旦' },
  { from: '2026-02-15', to: '2026-02-23', label: '春节' },
  { from: '2026-04-04', to: '2026-04-06', label: '清明节' },
  { from: '2026-05-01', to: '2026-05-05', label: '劳动节' },
  { from: '2026-06-19', to: '2026-06-21', label: '端午节' },
  { from: '2026-09-25', to: '2026-09-27', label: '中秋节' },
  { from: '2026-10-01', to: '2026-10-07', label: '国庆节' },
];

const WORKDAYS: ReadonlyArray<{ day: string; label: string }> = [
  { day: '2026-01-04', label: '元旦调休上班' },
  { day: '2026-02-14', label: '春节调休上班' },
  { day: '2026-02-28', label: '春节调休上班' },
  { day: '2026-05-09', label: '劳动节调休上班' },
  { day: '2026-09-20', label: '国庆节调休上班' },
  { day: '2026-10-10', label: '国庆节调休上班' },
];

export interface NationalDay {
  day: string;
  kind: CalendarDayKind;
  label: string;
}

function daysOf(span: Span): NationalDay[] {
  const out: NationalDay[] = [];
  for (let t = Date.parse(`${span.from}T00:00:00Z`); t <= Date.parse(`${span.to}T00:00:00Z`); t += 86_400_000) {
    out.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', label: span.label });
  }
  return out;
}

export const NATIONAL_CALENDAR_2026: readonly NationalDay[] = [...HOLIDAYS.flatMap(daysOf), ...WORKDAYS.map((w) => ({ ...w, kind: 'workday' as const }))].sort((a, b) =>
  a.day.localeCompare(b.day),
);
