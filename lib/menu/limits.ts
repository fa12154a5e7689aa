/*
 * Constants and types only, no zod: the editor's client bundle imports this file (a strict CSP
 * refuses zod's parser compilation in the browser; see lib/wechat/simulator/phone-menu-view.ts).
 */
/**
 * The custom menu as staff edit it and WeChat takes it (docs/wechat-protocol.md §6.8; checked
 * against WeChat's page for `menu/create`): 1 to 3 buttons, each either a leaf or a group of 1
 * to 5 sub-buttons; names of at most 16 bytes at the top and 60 below, a click `key` of at most
 * 128 bytes, a view `url` of at most 1024. Bytes, not characters: a Chinese character is three,
 * so a top-level name holds five. WeGov offers the two types departments use, click and view.
 */
export const MENU_MAX_BUTTONS = 3;
export const MENU_MAX_SUB_BUTTONS = 5;
export const MENU_NAME_MAX_BYTES = 16;
export const MENU_SUB_NAME_MAX_BYTES = 60;
export const MENU_KEY_MAX_BYTES = 128;
export const MENU_URL_MAX_BYTES = 1024;

export type MenuLeafType = 'click' | 'view';
export interface MenuLeaf {
  name: string;
  type: MenuLeafType;
  key?: string;
  url?: string;
}
/** A top-level button: a leaf, or (with `sub`) a group whose own type is ignored. */
export interface MenuButton extends MenuLeaf {
  sub: MenuLeaf[];
}
export interface MenuDraft {
  buttons: MenuButton[];
}

