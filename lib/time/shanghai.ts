/**
 * Calendar arithmetic in Asia/Shanghai, where quotas, office hours, case numbers and rule hours
 * are counted. China has kept UTC+8 all year since 1991, so no time-zone table is needed: one
 * offset serves every function here.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** `2026-12-01`, the calendar day in Asia/Shanghai. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-12`, the calendar month in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDay(at).slice(0, 7);
}

/** Minutes since Shanghai midnight (0–1439). */
export function shanghaiMinute(at: Date): number {
  const ms = (((at.getTime() + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}
