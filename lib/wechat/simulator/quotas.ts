import { beijingDay, beijingMonth } from './time';

/**
 * Per-account API call quotas. Daily defaults are the new-account figures of docs/wechat-protocol.md §8;
 * paths without a figure are counted but unlimited. Limits reset at Beijing midnight.
 */
export const DEFAULT_DAILY_LIMITS: Readonly<Record<string, number>> = {
  '/cgi-bin/token': 2000,
  '/cgi-bin/stable_token': 500_000,
  '/cgi-bin/menu/create': 1000,
  '/cgi-bin/menu/get': 10_000,
  '/cgi-bin/menu/delete': 1000,
  '/cgi-bin/message/custom/send': 500_000,
  '/cgi-bin/message/mass/sendall': 100,
  '/cgi-bin/qrcode/create': 100_000,
  '/cgi-bin/user/get': 500,
  '/cgi-bin/user/info': 5_000_000,
  '/cgi-bin/user/info/updateremark': 10_000,
  '/cgi-bin/message/template/send': 100_000,
};

/** Per-minute ceilings WeChat documents: mass API 60/min (§6.3), stable_token 10,000/min (§6.1). */
const MINUTE_LIMITS: Readonly<Record<string, number>> = {
  '/cgi-bin/message/mass/sendall': 60,
  '/cgi-bin/stable_token': 10_000,
};

/** APIs WeChat meters together: "mass send (advanced)" and "user info" incl. batchget (§8). */
const SHARED_COUNTER: Readonly<Record<string, string>> = {
  '/cgi-bin/message/mass/send': '/cgi-bin/message/mass/sendall',
  '/cgi-bin/user/info/batchget': '/cgi-bin/user/info',
};

/** clear_quota: 10 resets per account per month, then 48006 (§8). */
const CLEARS_PER_MONTH = 10;

export function quotaKey(path: string): string {
  return SHARED_COUNTER[path] ?? path;
}

export interface QuotaUsage {
  dailyLimit: number;
  used: number;
  remain: number;
}

export class CallQuota {
  private readonly limits = new Map<string, number>();
  private daily = new Map<string, number>();
  private day = -1;
  private minute = new Map<string, { minute: number; count: number }>();
  private clears = { month: -1, count: 0 };

  constructor(overrides: Record<string, number> = {}) {
    for (const [path, limit] of Object.entries(overrides)) this.setDailyLimit(path, limit);
  }

  setDailyLimit(path: string, limit: number): void {
    this.limits.set(quotaKey(path), limit);
  }

  dailyLimit(path: string): number {
    const key = quotaKey(path);
    return this.limits.get(key) ?? DEFAULT_DAILY_LIMITS[key] ?? Number.POSITIVE_INFINITY;
  }

  /** Counts one call; returns 0, or the errcode refusing it (45009 daily, 45011 per minute). */
  take(path: string, now: number): 0 | 45009 | 45011 {
    const key = quotaKey(path);
    this.rollDay(now);
    const used = this.daily.get(key) ?? 0;
    if (used >= this.dailyLimit(key)) return 45009;
    const minuteLimit = MINUTE_LIMITS[key];
    if (minuteLimit !== undefined) {
      const minute = Math.floor(now / 60_000);
      const slot = this.minute.get(key);
      const count = slot && slot.minute === minute ? slot.count : 0;
      if (count >= minuteLimit) return 45011;
      this.minute.set(key, { minute, count: count + 1 });
    }
    this.daily.set(key, used + 1);
    return 0;
  }

  usage(path: string, now: number): QuotaUsage {
    this.rollDay(now);
    const dailyLimit = this.dailyLimit(path);
    const used = this.daily.get(quotaKey(path)) ?? 0;
    return { dailyLimit, used, remain: Math.max(0, dailyLimit - used) };
  }

  /** `/cgi-bin/clear_quota`; returns 0 or 48006 once the month's resets are used. */
  clear(now: number): 0 | 48006 {
    const month = beijingMonth(now);
    if (this.clears.month !== month) this.clears = { month, count: 0 };
    if (this.clears.count >= CLEARS_PER_MONTH) return 48006;
    this.clears.count += 1;
    this.daily = new Map();
    return 0;
  }

  private rollDay(now: number): void {
    const day = beijingDay(now);
    if (day !== this.day) {
      this.day = day;
      this.daily = new Map();
    }
  }
}
