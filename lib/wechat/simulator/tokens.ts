import { randomBytes } from 'node:crypto';
import { WechatApiError } from './errcodes';
import { beijingDay } from './time';

/** access_token lifetime and refresh rules, docs/wechat-protocol.md §6.1. */
export const TOKEN_TTL_MS = 7200_000;
/** A classic token stays usable this long after a newer one is fetched. */
export const CLASSIC_OVERLAP_MS = 5 * 60_000;
/** stable_token normal mode hands out a fresh token once the current one is this close to expiry. */
export const STABLE_RENEW_BEFORE_MS = 5 * 60_000;
export const FORCE_REFRESH_PER_DAY = 20;
export const FORCE_REFRESH_MIN_GAP_MS = 30_000;

/** Real tokens look like `86_<~130 url-safe chars>`; anything else is malformed (40014). */
const TOKEN_SHAPE = /^\d{1,3}_[A-Za-z0-9_-]{100,}$/;

interface TokenRecord {
  token: string;
  appId: string;
  kind: 'classic' | 'stable';
  expiresAt: number;
  /** When a newer token (or a force refresh) retires this one before its expiry. */
  revokedAt?: number;
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

export type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: 40001 | 40014 | 42001 };

/** Records older than this are forgotten; a later use then reads as "not latest" (40001). */
const FORGET_AFTER_MS = 24 * 3600_000;

export class TokenRegistry {
  private readonly byToken = new Map<string, TokenRecord>();
  private readonly current = new Map<string, { classic?: TokenRecord; stable?: TokenRecord }>();
  private readonly forced = new Map<string, { day: number; count: number; lastAt: number }>();
  private issued = 0;

  /** `GET /cgi-bin/token`: always a new token; the previous one keeps working for 5 minutes. */
  issueClassic(appId: string, now: number): IssuedToken {
    const slot = this.slot(appId);
    const previous = slot.classic;
    if (previous) previous.revokedAt = Math.min(previous.revokedAt ?? Infinity, now + CLASSIC_OVERLAP_MS);
    slot.classic = this.mint(appId, 'classic', now);
    return { access_token: slot.classic.token, expires_in: TOKEN_TTL_MS / 1000 };
  }

  /**
   * `POST /cgi-bin/stable_token`: the same token while it is valid, a new one in the last 5 minutes
   * (the old one then runs to its own expiry). `force_refresh` retires the current token at once,
   * at most 20 times a day and 30 s apart. Separate from the classic token (§6.1).
   */
  issueStable(appId: string, now: number, forceRefresh: boolean): IssuedToken {
    const slot = this.slot(appId);
    const existing = slot.stable;
    if (forceRefresh) {
      const day = beijingDay(now);
      const f = this.forced.get(appId);
      const count = f && f.day === day ? f.count : 0;
      if (count >= FORCE_REFRESH_PER_DAY) throw new WechatApiError(45009, 'force_refresh is limited to 20 per day');
      if (f && now - f.lastAt < FORCE_REFRESH_MIN_GAP_MS) {
        throw new WechatApiError(45011, 'force_refresh calls must be 30 s apart');
      }
      this.forced.set(appId, { day, count: count + 1, lastAt: now });
      if (existing) existing.revokedAt = now;
    } else if (existing && isUsable(existing, now) && existing.expiresAt - now > STABLE_RENEW_BEFORE_MS) {
      return { access_token: existing.token, expires_in: Math.ceil((existing.expiresAt - now) / 1000) };
    }
    slot.stable = this.mint(appId, 'stable', now);
    return { access_token: slot.stable.token, expires_in: TOKEN_TTL_MS / 1000 };
  }

  check(token: string, now: number): TokenCheck {
    const rec = this.byToken.get(token);
    if (!rec) return { ok: false, errcode: TOKEN_SHAPE.test(token) ? 40001 : 40014 };
    const revoked = rec.revokedAt !== undefined && rec.revokedAt <= now && rec.revokedAt < rec.expiresAt;
    if (revoked) return { ok: false, errcode: 40001 };
    if (rec.expiresAt <= now) return { ok: false, errcode: 42001 };
    return { ok: true, appId: rec.appId };
  }

  /** Which app a token belongs to, valid or not (the call log wants it even for refused calls). */
  ownerOf(token: string): string | undefined {
    return this.byToken.get(token)?.appId;
  }

  clear(): void {
    this.byToken.clear();
    this.current.clear();
    this.forced.clear();
  }

  private slot(appId: string): { classic?: TokenRecord; stable?: TokenRecord } {
    let slot = this.current.get(appId);
    if (!slot) {
      slot = {};
      this.current.set(appId, slot);
    }
    return slot;
  }

  private mint(appId: string, kind: TokenRecord['kind'], now: number): TokenRecord {
    this.forgetOld(now);
    this.issued += 1;
    const token = `${(this.issued % 90) + 10}_${randomBytes(96).toString('base64url')}`;
    const rec: TokenRecord = { token, appId, kind, expiresAt: now + TOKEN_TTL_MS };
    this.byToken.set(token, rec);
    return rec;
  }

  private forgetOld(now: number): void {
    for (const [token, rec] of this.byToken) {
      const deadAt = Math.min(rec.expiresAt, rec.revokedAt ?? Infinity);
      if (now - deadAt > FORGET_AFTER_MS) this.byToken.delete(token);
    }
  }
}

function isUsable(rec: TokenRecord, now: number): boolean {
  return rec.expiresAt > now && (rec.revokedAt === undefined || rec.revokedAt > now);
}
