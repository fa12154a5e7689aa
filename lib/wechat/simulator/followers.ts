import type { AppData, Follower, ServiceWindow, WindowKind } from './app-data';
import { WechatApiError } from './errcodes';

/**
 * Followers and the customer-service window (docs/wechat-protocol.md §6.2): a citizen message allows 5 replies
 * within 48 h; a menu click (CLICK/scancode_push/scancode_waitmsg), a follow or a QR scan allows 3
 * within 1 minute. A new action of the same kind replaces that kind's window.
 */
export const WINDOW_RULES: Readonly<Record<WindowKind, { count: number; ttlMs: number }>> = {
  message: { count: 5, ttlMs: 48 * 3600_000 },
  click: { count: 3, ttlMs: 60_000 },
  subscribe: { count: 3, ttlMs: 60_000 },
  scan: { count: 3, ttlMs: 60_000 },
};

export type InteractionKind = WindowKind | 'unsubscribe';

export interface QrOrigin {
  sceneId?: number;
  sceneStr?: string;
}

export interface InteractionInput {
  openid: string;
  kind: InteractionKind;
  at: number;
  /** For subscribe: the QR scene the citizen followed through, if any. */
  qr?: QrOrigin;
  /** user/info `subscribe_scene`; defaults to ADD_SCENE_QR_CODE with a QR, else ADD_SCENE_SEARCH. */
  subscribeScene?: string;
}

export function newFollower(openid: string, at: number): Follower {
  return {
    openid,
    subscribed: true,
    subscribeTime: Math.floor(at / 1000),
    tagIds: [],
    remark: '',
    qrScene: 0,
    qrSceneStr: '',
    subscribeScene: 'ADD_SCENE_OTHERS',
    windows: {},
    massReceived: { month: -1, count: 0 },
  };
}

/**
 * Applies what the citizen's phone did. Real WeChat knows this from its own client; here the
 * phone reports it. A message or click from an unknown openid implies a follow the phone skipped
 * reporting, so the follower is created rather than the interaction refused.
 */
export function recordInteraction(app: AppData, input: InteractionInput): Follower {
  let follower = app.followers.get(input.openid);
  if (input.kind === 'subscribe') {
    if (!follower) {
      follower = newFollower(input.openid, input.at);
      app.followers.set(input.openid, follower);
    }
    follower.subscribed = true;
    follower.unsubscribeTime = undefined;
    follower.subscribeTime = Math.floor(input.at / 1000);
    follower.qrScene = input.qr?.sceneId ?? 0;
    follower.qrSceneStr = input.qr?.sceneStr ?? '';
    follower.subscribeScene = input.subscribeScene ?? (input.qr ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH');
  } else if (!follower) {
    follower = newFollower(input.openid, input.at);
    app.followers.set(input.openid, follower);
  }

  if (input.kind === 'unsubscribe') {
    follower.subscribed = false;
    follower.unsubscribeTime = Math.floor(input.at / 1000);
    // Guess: tags are dropped with the follow; a returning follower starts untagged.
    follower.tagIds = [];
    follower.windows = {};
    app.typingUntil.delete(input.openid);
    return follower;
  }

  const rule = WINDOW_RULES[input.kind];
  follower.windows[input.kind] = {
    kind: input.kind,
    openedAt: input.at,
    expiresAt: input.at + rule.ttlMs,
    remaining: rule.count,
  };
  return follower;
}

/** A follower of this account, else 40003 (docs/wechat-protocol.md §7: openid not of this account). */
export function requireKnownOpenid(app: AppData, openid: unknown): Follower {
  const follower = typeof openid === 'string' ? app.followers.get(openid) : undefined;
  if (!follower) throw new WechatApiError(40003);
  return follower;
}

export function requireSubscribed(app: AppData, openid: unknown, code = 40003): Follower {
  const follower = requireKnownOpenid(app, openid);
  if (!follower.subscribed) throw new WechatApiError(code);
  return follower;
}

export function activeWindows(follower: Follower, now: number): ServiceWindow[] {
  return Object.values(follower.windows)
    .filter((w): w is ServiceWindow => w !== undefined && w.expiresAt > now)
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

/**
 * Checks the window without spending from it (custom/typing). Throws 45015 outside every window or
 * when unfollowed, 45047 when the open windows are used up.
 */
export function assertWindowOpen(app: AppData, openid: unknown, now: number): ServiceWindow {
  const follower = requireKnownOpenid(app, openid);
  if (!follower.subscribed) throw new WechatApiError(45015);
  const open = activeWindows(follower, now);
  if (open.length === 0) throw new WechatApiError(45015);
  // Spend the window that closes first, so a 1-minute event window is not wasted while a
  // 48-hour message window is also open.
  const usable = open.find((w) => w.remaining > 0);
  if (!usable) throw new WechatApiError(45047);
  return usable;
}

export function spendWindow(app: AppData, openid: unknown, now: number): void {
  assertWindowOpen(app, openid, now).remaining -= 1;
}

export interface WindowSummary {
  subscribed: boolean;
  remaining: number;
  expiresAt: number | null;
  windows: ServiceWindow[];
}

export function windowSummary(follower: Follower | undefined, now: number): WindowSummary {
  if (!follower) return { subscribed: false, remaining: 0, expiresAt: null, windows: [] };
  const open = follower.subscribed ? activeWindows(follower, now) : [];
  return {
    subscribed: follower.subscribed,
    remaining: open.reduce((n, w) => n + w.remaining, 0),
    expiresAt: open.length ? Math.max(...open.map((w) => w.expiresAt)) : null,
    windows: open.map((w) => ({ ...w })),
  };
}
