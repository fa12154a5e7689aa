import { z } from 'zod';
import {
  MENU_KEY_MAX_BYTES,
  MENU_MAX_BUTTONS,
  MENU_MAX_SUB_BUTTONS,
  MENU_NAME_MAX_BYTES,
  MENU_SUB_NAME_MAX_BYTES,
  MENU_URL_MAX_BYTES,
  type MenuDraft,
  type MenuLeaf,
} from './limits';

/** Field path → error code, e.g. `b0.name` → `too_long`, `b1.s2.url` → `bad_url`, `buttons` → `count`. */
export type MenuErrors = Record<string, string>;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

const Leaf = z.object({
  name: z.string().max(200),
  type: z.enum(['click', 'view']),
  key: z.string().max(2000).optional(),
  url: z.string().max(4000).optional(),
});
const Button = Leaf.extend({ sub: z.array(Leaf).max(20).default([]) });
const Draft = z.object({ buttons: z.array(Button).max(10) });

/** What the editor posts (JSON in one field) read as a draft and checked against WeChat's limits. */
export function checkMenu(raw: unknown): { ok: true; menu: MenuDraft } | { ok: false; errors: MenuErrors } {
  const parsed = Draft.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { buttons: 'invalid' } };
  const errors: MenuErrors = {};
  const buttons = parsed.data.buttons.map((b) => normalise(b, b.sub.map((s) => normalise(s))));
  if (buttons.length < 1 || buttons.length > MENU_MAX_BUTTONS) errors.buttons = 'count';
  buttons.forEach((b, i) => {
    const at = `b${i}`;
    checkName(errors, `${at}.name`, b.name, MENU_NAME_MAX_BYTES);
    if (b.sub.length > MENU_MAX_SUB_BUTTONS) errors[`${at}.sub`] = 'count';
    if (b.sub.length === 0) checkAction(errors, at, b);
    b.sub.forEach((s, j) => {
      checkName(errors, `${at}.s${j}.name`, s.name, MENU_SUB_NAME_MAX_BYTES);
      checkAction(errors, `${at}.s${j}`, s);
    });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, menu: { buttons } };
}

function normalise<T extends MenuLeaf>(leaf: T, sub?: MenuLeaf[]): T & { sub: MenuLeaf[] } {
  const out: MenuLeaf & { sub: MenuLeaf[] } = { name: leaf.name.trim(), type: leaf.type, sub: sub ?? [] };
  if (leaf.type === 'click') out.key = (leaf.key ?? '').trim();
  else out.url = (leaf.url ?? '').trim();
  return out as T & { sub: MenuLeaf[] };
}

function checkName(errors: MenuErrors, path: string, name: string, max: number) {
  if (name === '') errors[path] = 'required';
  else if (bytes(name) > max) errors[path] = 'too_long';
}

function checkAction(errors: MenuErrors, at: string, leaf: MenuLeaf) {
  if (leaf.type === 'click') {
    const key = leaf.key ?? '';
    if (key === '') errors[`${at}.key`] = 'required';
    else if (bytes(key) > MENU_KEY_MAX_BYTES) errors[`${at}.key`] = 'too_long';
    return;
  }
  const url = leaf.url ?? '';
  if (url === '') errors[`${at}.url`] = 'required';
  else if (bytes(url) > MENU_URL_MAX_BYTES) errors[`${at}.url`] = 'too_long';
  else if (!isWebUrl(url)) errors[`${at}.url`] = 'bad_url';
}

/**
 * WeChat opens http and https links alike, so the menu takes both; the link probe only fetches
 * https (lib/menu/probe-links.ts) and flags an http link as not checkable before publishing.
 */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The `menu/create` body for a checked draft. */
export function toWechatMenu(menu: MenuDraft): { button: Array<Record<string, unknown>> } {
  const leaf = (l: MenuLeaf) => (l.type === 'click' ? { type: 'click', name: l.name, key: l.key } : { type: 'view', name: l.name, url: l.url });
  return { button: menu.buttons.map((b) => (b.sub.length > 0 ? { name: b.name, sub_button: b.sub.map(leaf) } : leaf(b))) };
}

/** Every view link of the menu, once each, in menu order. */
export function menuLinks(menu: MenuDraft): string[] {
  const urls = menu.buttons.flatMap((b) => (b.sub.length > 0 ? b.sub : [b])).filter((l) => l.type === 'view' && l.url).map((l) => l.url!);
  return [...new Set(urls)];
}

/** A stored draft or published menu read back (the column is jsonb): null when absent or unreadable. */
export function storedMenu(value: unknown): MenuDraft | null {
  const parsed = Draft.safeParse(value);
  return parsed.success ? { buttons: parsed.data.buttons.map((b) => ({ ...b, sub: b.sub ?? [] })) } : null;
}

/** A published menu (WeChat's `{ button: [...] }`, as accounts.menu holds it) as a draft to edit. */
export function fromWechatMenu(value: unknown): MenuDraft | null {
  const button = (value as { button?: unknown } | null)?.button;
  if (!Array.isArray(button)) return null;
  const leaf = (raw: Record<string, unknown>): MenuLeaf => {
    const name = typeof raw.name === 'string' ? raw.name : '';
    // Types the editor does not offer (scancode, miniprogram…) come back as a click to be fixed.
    if (raw.type === 'view') return { name, type: 'view', url: typeof raw.url === 'string' ? raw.url : '' };
    return { name, type: 'click', key: typeof raw.key === 'string' ? raw.key : '' };
  };
  const buttons = button.filter((b): b is Record<string, unknown> => typeof b === 'object' && b !== null).map((b) => {
    const subs = Array.isArray(b.sub_button) ? (b.sub_button as unknown[]).filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null) : [];
    return subs.length > 0 ? { name: typeof b.name === 'string' ? b.name : '', type: 'click' as const, key: '', sub: subs.map(leaf) } : { ...leaf(b), sub: [] };
  });
  return { buttons };
}
