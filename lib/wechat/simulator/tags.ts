import type { AppData, Follower, Tag } from './app-data';
import { WechatApiError } from './errcodes';
import { requireSubscribed } from './followers';

/** User-tag rules, docs/wechat-protocol.md §6.4. */
export const MAX_TAGS_PER_ACCOUNT = 100;
export const MAX_TAGS_PER_USER = 20;
export const MAX_OPENIDS_PER_BATCH = 50;
/** The parameter says characters, the error says bytes; bytes is the stricter reading (§6.4). */
export const MAX_TAG_NAME_BYTES = 30;
export const MAX_FANS_TO_DELETE = 100_000;
export const FIRST_TAG_ID = 100;
/** 0 and 1 are reserved; 2 is the built-in 星标组, listed by tags/get and usable as an audience. */
const SYSTEM_TAGS: readonly Tag[] = [{ id: 2, name: '星标组' }];
const SYSTEM_TAG_IDS = new Set([0, 1, 2]);

export function allTags(app: AppData): Tag[] {
  return [...SYSTEM_TAGS, ...app.tags.values()];
}

function tagById(app: AppData, id: number): Tag | undefined {
  return SYSTEM_TAGS.find((t) => t.id === id) ?? app.tags.get(id);
}

export function requireTag(app: AppData, id: number): Tag {
  const tag = tagById(app, id);
  if (!tag) throw new WechatApiError(45159);
  return tag;
}

function checkName(app: AppData, name: string, exceptId?: number): void {
  if (name.trim() === '') throw new WechatApiError(45157);
  if (Buffer.byteLength(name, 'utf8') > MAX_TAG_NAME_BYTES) throw new WechatApiError(45158);
  if (allTags(app).some((t) => t.name === name && t.id !== exceptId)) throw new WechatApiError(45157);
}

export function fansOf(app: AppData, tagId: number): Follower[] {
  return [...app.followers.values()].filter((f) => f.subscribed && f.tagIds.includes(tagId));
}

export function listTags(app: AppData): Array<Tag & { count: number }> {
  return allTags(app).map((t) => ({ ...t, count: fansOf(app, t.id).length }));
}

export function createTag(app: AppData, name: string): Tag {
  if (app.tags.size >= MAX_TAGS_PER_ACCOUNT) throw new WechatApiError(45056);
  checkName(app, name);
  // Ids are never reused after a delete, so a stale id can't silently address a new tag.
  const tag = { id: app.nextTagId++, name };
  app.tags.set(tag.id, tag);
  return tag;
}

export function updateTag(app: AppData, id: number, name: string): void {
  if (SYSTEM_TAG_IDS.has(id)) throw new WechatApiError(45058);
  const tag = app.tags.get(id);
  if (!tag) throw new WechatApiError(45159);
  checkName(app, name, id);
  tag.name = name;
}

export function deleteTag(app: AppData, id: number): void {
  if (SYSTEM_TAG_IDS.has(id)) throw new WechatApiError(45058);
  if (!app.tags.has(id)) throw new WechatApiError(45159);
  if (fansOf(app, id).length > MAX_FANS_TO_DELETE) throw new WechatApiError(45057);
  app.tags.delete(id);
  for (const f of app.followers.values()) f.tagIds = f.tagIds.filter((t) => t !== id);
}

/**
 * batchtagging / batchuntagging: all-or-nothing, checked before any change so a refused batch
 * leaves no partial tagging behind.
 */
export function batchTag(app: AppData, openids: string[], tagId: number, untag: boolean): void {
  if (openids.length < 1 || openids.length > MAX_OPENIDS_PER_BATCH) throw new WechatApiError(40032);
  if (tagId === 0 || tagId === 1) throw new WechatApiError(45058);
  requireTag(app, tagId);
  const followers = openids.map((o) => requireSubscribed(app, o));
  if (!untag) {
    for (const f of followers) {
      if (!f.tagIds.includes(tagId) && f.tagIds.length >= MAX_TAGS_PER_USER) throw new WechatApiError(45059);
    }
  }
  for (const f of followers) {
    if (untag) f.tagIds = f.tagIds.filter((t) => t !== tagId);
    else if (!f.tagIds.includes(tagId)) f.tagIds.push(tagId);
  }
}
