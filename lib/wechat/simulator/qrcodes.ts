import { randomBytes } from 'node:crypto';
import type { AppData } from './app-data';
import { WechatApiError } from './errcodes';

/** Parametric QR codes, docs/wechat-protocol.md §6.6. */
export const QR_DEFAULT_EXPIRE_SECONDS = 60;
export const QR_MAX_EXPIRE_SECONDS = 2_592_000;
export const QR_PERMANENT_SCENE_ID_MAX = 100_000;
export const QR_SCENE_STR_MAX = 64;
const QR_URL_PREFIX = 'http://weixin.qq.com/q/';
const SHOWQRCODE_PREFIX = 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=';

export type QrActionName = 'QR_SCENE' | 'QR_STR_SCENE' | 'QR_LIMIT_SCENE' | 'QR_LIMIT_STR_SCENE';

export interface QrCode {
  ticket: string;
  url: string;
  appId: string;
  actionName: QrActionName;
  permanent: boolean;
  sceneId?: number;
  sceneStr?: string;
  createdAt: number;
  /** Absent for permanent codes. */
  expiresAt?: number;
}

export interface ResolvedQr extends QrCode {
  expired: boolean;
}

type Json = Record<string, unknown>;

function readScene(actionName: QrActionName, body: Json): { sceneId?: number; sceneStr?: string } {
  const info = body.action_info as Json | undefined;
  const scene = (typeof info === 'object' && info !== null ? info.scene : undefined) as Json | undefined;
  if (typeof scene !== 'object' || scene === null) throw new WechatApiError(40053);
  if (actionName === 'QR_STR_SCENE' || actionName === 'QR_LIMIT_STR_SCENE') {
    const s = scene.scene_str;
    if (typeof s !== 'string' || s.length < 1 || s.length > QR_SCENE_STR_MAX) throw new WechatApiError(40053);
    return { sceneStr: s };
  }
  const id = Number(scene.scene_id);
  if (!Number.isInteger(id)) throw new WechatApiError(40053);
  if (actionName === 'QR_LIMIT_SCENE') {
    if (id < 1 || id > QR_PERMANENT_SCENE_ID_MAX) throw new WechatApiError(40053, 'scene_id must be 1..100000');
  } else if (id === 0 || Math.abs(id) > 0xffff_ffff) {
    // Temporary scene ids are non-zero 32-bit integers.
    throw new WechatApiError(40053, 'scene_id must be a non-zero 32-bit integer');
  }
  return { sceneId: id };
}

function readExpireSeconds(body: Json): number {
  if (body.expire_seconds === undefined) return QR_DEFAULT_EXPIRE_SECONDS;
  const s = Number(body.expire_seconds);
  if (!Number.isInteger(s) || s <= 0) throw new WechatApiError(47003, 'expire_seconds');
  // Guess: WeChat caps a longer request at 30 days rather than refusing it.
  return Math.min(s, QR_MAX_EXPIRE_SECONDS);
}

/**
 * `qrcode/create`. Permanent codes are stable: asking again for the same scene gives the same
 * ticket, as WeChat does. `tickets` is the simulator-wide ticket → code registry.
 */
export function createQrCode(
  app: AppData,
  body: Json,
  tickets: Map<string, QrCode>,
  now: number,
): { ticket: string; expire_seconds?: number; url: string } {
  const actionName = body.action_name;
  if (
    actionName !== 'QR_SCENE' &&
    actionName !== 'QR_STR_SCENE' &&
    actionName !== 'QR_LIMIT_SCENE' &&
    actionName !== 'QR_LIMIT_STR_SCENE'
  ) {
    throw new WechatApiError(40052);
  }
  const scene = readScene(actionName, body);
  const permanent = actionName.startsWith('QR_LIMIT_');
  if (permanent) {
    const key = `${actionName}:${scene.sceneId ?? scene.sceneStr}`;
    const existing = app.permanentTickets.get(key);
    if (existing) return { ticket: existing, url: QR_URL_PREFIX + existing };
    const code = mint(app, actionName, scene, now, undefined);
    app.permanentTickets.set(key, code.ticket);
    tickets.set(code.ticket, code);
    return { ticket: code.ticket, url: code.url };
  }
  const expireSeconds = readExpireSeconds(body);
  const code = mint(app, actionName, scene, now, now + expireSeconds * 1000);
  tickets.set(code.ticket, code);
  return { ticket: code.ticket, expire_seconds: expireSeconds, url: code.url };
}

function mint(
  app: AppData,
  actionName: QrActionName,
  scene: { sceneId?: number; sceneStr?: string },
  now: number,
  expiresAt: number | undefined,
): QrCode {
  // Real tickets are opaque base64; url-safe here so the ticket can sit in the url unescaped.
  const ticket = `gQ${randomBytes(30).toString('base64url')}`;
  return {
    ticket,
    url: QR_URL_PREFIX + ticket,
    appId: app.reg.appId,
    actionName,
    permanent: expiresAt === undefined,
    ...scene,
    createdAt: now,
    expiresAt,
  };
}

/** Accepts a bare ticket, the code's `url`, or a showqrcode link. */
export function ticketFrom(ticketOrUrl: string): string {
  if (ticketOrUrl.startsWith(QR_URL_PREFIX)) return ticketOrUrl.slice(QR_URL_PREFIX.length);
  if (ticketOrUrl.startsWith(SHOWQRCODE_PREFIX)) {
    return decodeURIComponent(ticketOrUrl.slice(SHOWQRCODE_PREFIX.length));
  }
  return ticketOrUrl;
}
