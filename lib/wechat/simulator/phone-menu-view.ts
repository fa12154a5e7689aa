/*
 * The phone's menu as its client components draw it: types and lookups only, no parser, so the
 * browser bundle carries no zod (whose parser compilation a strict CSP refuses).
 */
/**
 * An account's custom menu (accounts.menu, menu/create's JSON) as the phone draws it: up to three
 * buttons along the bottom, each a leaf or a pop-up of up to five (docs/wechat-protocol.md §6.8). Only `click` and
 * `view` do something on the phone; other types are drawn but inert, so a menu with a mini-program
 * button still shows as the citizen would see it.
 */
export type PhoneMenuLeaf =
  | { name: string; type: 'click'; key: string }
  | { name: string; type: 'view'; url: string }
  | { name: string; type: 'other' };

export type PhoneMenuButton = PhoneMenuLeaf | { name: string; type: 'group'; sub: PhoneMenuLeaf[] };

/** The button a CLICK key belongs to, for the phone's "tapped 「办事指南」" line. */
export function menuButtonName(menu: PhoneMenuButton[], key: string): string | undefined {
  for (const b of menu) {
    if (b.type === 'click' && b.key === key) return b.name;
    if (b.type === 'group') {
      const found = menuButtonName(b.sub, key);
      if (found) return found;
    }
  }
  return undefined;
}
