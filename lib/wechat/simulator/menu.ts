import type { MenuButton } from './app-data';
import { WechatApiError } from './errcodes';

/** Custom-menu rules, docs/wechat-protocol.md §6.8. */
export const MENU_MAX_BUTTONS = 3;
export const MENU_MAX_SUB_BUTTONS = 5;
export const MENU_NAME_MAX_BYTES = 16;
export const MENU_SUB_NAME_MAX_BYTES = 60;
export const MENU_KEY_MAX_BYTES = 128;
export const MENU_URL_MAX_BYTES = 1024;

/** Which field each button type needs besides `name`. */
const REQUIRED_FIELDS: Readonly<Record<string, readonly (keyof MenuButton)[]>> = {
  click: ['key'],
  scancode_push: ['key'],
  scancode_waitmsg: ['key'],
  pic_sysphoto: ['key'],
  pic_photo_or_album: ['key'],
  pic_weixin: ['key'],
  location_select: ['key'],
  view: ['url'],
  media_id: ['media_id'],
  view_limited: ['media_id'],
  article_id: ['article_id'],
  article_view_limited: ['article_id'],
  miniprogram: ['appid', 'pagepath', 'url'],
};

/** WeChat numbers the errors differently for top-level and sub buttons. */
const CODES = {
  top: { type: 40017, name: 40018, key: 40019, url: 40020 },
  sub: { type: 40024, name: 40025, key: 40026, url: 40027 },
} as const;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function leaf(raw: Record<string, unknown>, level: 'top' | 'sub'): MenuButton {
  const codes = CODES[level];
  const type = str(raw.type);
  if (!type || !(type in REQUIRED_FIELDS)) throw new WechatApiError(codes.type);
  const button: MenuButton = { type, name: str(raw.name) ?? '' };
  for (const field of ['key', 'url', 'media_id', 'article_id', 'appid', 'pagepath'] as const) {
    const v = str(raw[field]);
    if (v !== undefined) button[field] = v;
  }
  for (const field of REQUIRED_FIELDS[type] ?? []) {
    const v = button[field];
    if (typeof v !== 'string' || v === '') {
      if (field === 'key') throw new WechatApiError(codes.key);
      if (field === 'url') throw new WechatApiError(codes.url);
      if (field === 'media_id') throw new WechatApiError(40007);
      throw new WechatApiError(47003, `${type} button needs ${field}`);
    }
  }
  if (button.key !== undefined && bytes(button.key) > MENU_KEY_MAX_BYTES) throw new WechatApiError(codes.key);
  if (button.url !== undefined && bytes(button.url) > MENU_URL_MAX_BYTES) throw new WechatApiError(codes.url);
  return button;
}

function checkName(raw: Record<string, unknown>, level: 'top' | 'sub'): string {
  const name = str(raw.name);
  const max = level === 'top' ? MENU_NAME_MAX_BYTES : MENU_SUB_NAME_MAX_BYTES;
  if (!name || bytes(name) > max) throw new WechatApiError(CODES[level].name);
  return name;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a `menu/create` body and returns the normalised buttons to store. */
export function parseMenu(body: Record<string, unknown>): MenuButton[] {
  const buttons = body.button;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > MENU_MAX_BUTTONS) {
    throw new WechatApiError(40016);
  }
  return buttons.map((raw) => {
    if (!isObject(raw)) throw new WechatApiError(47001);
    const name = checkName(raw, 'top');
    // WeChat's own menu/get shows leaves with `sub_button: []`, so an empty list means a leaf.
    const subs = raw.sub_button;
    if (Array.isArray(subs) && subs.length > 0) {
      if (subs.length > MENU_MAX_SUB_BUTTONS) throw new WechatApiError(40023);
      return {
        name,
        sub_button: subs.map((s) => {
          if (!isObject(s)) throw new WechatApiError(47001);
          const subName = checkName(s, 'sub');
          return { ...leaf(s, 'sub'), name: subName, sub_button: [] };
        }),
      };
    }
    return { ...leaf(raw, 'top'), name, sub_button: [] };
  });
}
