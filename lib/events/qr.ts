import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, type Account, type Event } from '../../db/schema';
import { log } from '../log';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import { eventScene } from './parse-command';

/** Temporary parametric codes live at most 30 days (docs/wechat-protocol.md §6.6). */
const MAX_QR_SECONDS = 30 * 86_400;

/** Parametric QR codes are for verified service accounts only; others get 48001 (§6.6). */
export function mayCreateParametricQr(account: Pick<Account, 'type' | 'verified'>): boolean {
  return account.type === 'service' && account.verified;
}

/** The simulator's follow link standing in for a parametric code (demo only). */
export function demoFollowUrl(baseUrl: string, slug: string, scene: string): string {
  return `${baseUrl}/dev/wechat/follow?account=${encodeURIComponent(slug)}&scene=${encodeURIComponent(scene)}`;
}

/**
 * Creates the registration and check-in codes (scenes `event:<id>`, `checkin:<id>`) when the
 * account may, valid until the event ends (capped at 30 days). Called outside any transaction
 * (it calls WeChat); a failure leaves the event published with the keyword as the way in.
 */
export async function ensureEventQr(args: { db: Db; event: Event; account: Account; config: WechatApiConfig; now?: Date }): Promise<boolean> {
  const { db, event, account } = args;
  if (!mayCreateParametricQr(account)) return false;
  const now = args.now ?? new Date();
  if (event.registrationQrUrl && event.qrExpiresAt && event.qrExpiresAt > now) return true;
  const seconds = Math.max(60, Math.min(MAX_QR_SECONDS, Math.ceil((event.endsAt.getTime() - now.getTime()) / 1000) + 86_400));
  try {
    const api = await wechatApiFor({ db, accountId: account.id, config: args.config });
    const register = await api.createQrCode({ scene: eventScene('event', event.id), expireSeconds: seconds });
    const checkin = await api.createQrCode({ scene: eventScene('checkin', event.id), expireSeconds: seconds });
    await db
      .update(events)
      .set({ registrationQrUrl: register.url, checkinQrUrl: checkin.url, qrExpiresAt: new Date(now.getTime() + seconds * 1000) })
      .where(eq(events.id, event.id));
    return true;
  } catch (error) {
    if (!(error instanceof WechatApiCallError)) throw error;
    log.warn('events.qr_failed', { event: event.id, code: error.code });
    return false;
  }
}
