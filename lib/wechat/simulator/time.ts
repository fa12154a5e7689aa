/** Milliseconds since the epoch; injectable so tests can expire tokens and windows. */
export type Clock = () => number;

/**
 * WeChat's daily quotas reset at midnight Beijing time (UTC+8, no DST) and the 服务号 mass
 * quota is per calendar month there (docs/wechat-protocol.md §6.3, §8; docs/reliability.md J6).
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export function beijingDay(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / DAY_MS);
}

export function beijingMonth(ms: number): number {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock tests move by hand. Defaults to a Monday 10:00 Beijing time, far from midnight. */
export function createManualClock(start: number = Date.UTC(2025, 0, 6, 2, 0, 0)): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

export const systemClock: Clock = () => Date.now();
