import { z } from 'zod';

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

const Leaf = z.object({
  name: z.string().min(1).max(60),
  type: z.string().optional(),
  key: z.string().max(128).optional(),
  url: z.string().max(1024).optional(),
});
const Button = Leaf.extend({ sub_button: z.array(Leaf).max(5).optional() });
const Menu = z.object({ button: z.array(Button).max(3) });

// Only web links open; anything else (javascript:, data:) from a stored menu is refused here so it
// can never reach an href.
const WEB_URL = /^https?:\/\//i;

function leaf(b: z.infer<typeof Leaf>): PhoneMenuLeaf {
  if (b.type === 'click' && b.key) return { name: b.name, type: 'click', key: b.key };
  if (b.type === 'view' && b.url && WEB_URL.test(b.url)) return { name: b.name, type: 'view', url: b.url };
  return { name: b.name, type: 'other' };
}

/** The drawable menu, or none for a missing or malformed one (the phone then shows no menu bar). */
export function phoneMenu(menu: unknown): PhoneMenuButton[] {
  const parsed = Menu.safeParse(menu);
  if (!parsed.success) return [];
  return parsed.data.button.map((b) =>
    b.sub_button && b.sub_button.length > 0 ? { name: b.name, type: 'group', sub: b.sub_button.map(leaf) } : leaf(b),
  );
}

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
