import { z } from 'zod';

import type { PhoneMenuButton, PhoneMenuLeaf } from './phone-menu-view';

export type { PhoneMenuButton, PhoneMenuLeaf } from './phone-menu-view';
export { menuButtonName } from './phone-menu-view';

/** Parses a stored menu (menu/create's JSON) into what the phone draws (lib/wechat/simulator/phone-menu-view.ts). */
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
