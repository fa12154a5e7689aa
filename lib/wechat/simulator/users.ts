import type { AppData, Follower } from './app-data';
import { WechatApiError } from './errcodes';
import { requireKnownOpenid } from './followers';

/** Follower list and user info, docs/wechat-protocol.md §6.5. */
export const USER_LIST_PAGE_SIZE = 10_000;
export const MAX_BATCHGET = 100;
/** Guess: WeChat documents the remark limit as 30 characters. */
export const MAX_REMARK_CHARS = 30;

export interface OpenidPage {
  total: number;
  count: number;
  data?: { openid: string[] };
  next_openid: string;
}

/**
 * One page of openids after `nextOpenid`. WeChat returns the last openid of a page as
 * `next_openid`; the walk ends with a page whose count is 0 and next_openid is "".
 */
export function pageOpenids(list: Follower[], nextOpenid: string, pageSize: number): OpenidPage {
  let start = 0;
  if (nextOpenid) {
    const at = list.findIndex((f) => f.openid === nextOpenid);
    if (at < 0) throw new WechatApiError(40003);
    start = at + 1;
  }
  const page = list.slice(start, start + pageSize).map((f) => f.openid);
  if (page.length === 0) return { total: list.length, count: 0, next_openid: '' };
  return { total: list.length, count: page.length, data: { openid: page }, next_openid: page[page.length - 1] ?? '' };
}

export function listFollowers(app: AppData, nextOpenid: string, pageSize: number): OpenidPage {
  return pageOpenids([...app.followers.values()].filter((f) => f.subscribed), nextOpenid, pageSize);
}

/**
 * user/info: a non-follower gets only `{subscribe:0, openid}`; nickname and avatar are not
 * returned since 2021-12-27, nor sex/city/province/country/language (§6.5).
 */
export function userInfo(app: AppData, openid: unknown): Record<string, unknown> {
  const f = requireKnownOpenid(app, openid);
  if (!f.subscribed) return { subscribe: 0, openid: f.openid };
  return {
    subscribe: 1,
    openid: f.openid,
    subscribe_time: f.subscribeTime,
    remark: f.remark,
    groupid: 0,
    tagid_list: [...f.tagIds],
    subscribe_scene: f.subscribeScene,
    qr_scene: f.qrScene,
    qr_scene_str: f.qrSceneStr,
  };
}

export function batchUserInfo(app: AppData, openids: string[]): Record<string, unknown>[] {
  if (openids.length < 1 || openids.length > MAX_BATCHGET) throw new WechatApiError(40032);
  return openids.map((o) => userInfo(app, o));
}

export function updateRemark(app: AppData, openid: string, remark: string): void {
  const f = requireKnownOpenid(app, openid);
  if ([...remark].length > MAX_REMARK_CHARS) throw new WechatApiError(47003, 'remark is at most 30 characters');
  f.remark = remark;
}
