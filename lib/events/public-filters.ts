/**
 * The /events date filter in citizens' words (this weekend, next 7 days…), as a time range.
 * Days start at midnight China Standard Time (UTC+8, no daylight saving).
 */
export const EVENT_WINDOWS = ['weekend', 'week', 'month'] as const;
export type EventWindow = (typeof EVENT_WINDOWS)[number];

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

function startOfCstDay(at: Date): number {
  return Math.floor((at.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
}

export function eventWindow(window: EventWindow, now: Date): { from: Date; to: Date } {
  const today = startOfCstDay(now);
  if (window === 'week') return { from: now, to: new Date(today + 8 * DAY_MS) };
  if (window === 'month') return { from: now, to: new Date(today + 31 * DAY_MS) };
  const weekday = new Date(today + CST_OFFSET_MS).getUTCDay(); // 0 Sunday … 6 Saturday, in CST
  const saturday = weekday === 0 ? today - DAY_MS : today + ((6 - weekday) % 7) * DAY_MS;
  return { from: new Date(Math.max(saturday, now.getTime())), to: new Date(saturday + 2 * DAY_MS) };
}
