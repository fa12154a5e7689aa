import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { tags } from '../../db/schema';
import type { WechatApi } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';

/**
 * `mass/sendall` by tag reaches whoever carries WeChat's tag, so before a tag send WeChat's tag is
 * made to hold exactly the broadcast's audience (docs/broadcasts.md "Sending"): tags staff set in
 * the inbox exist only here until a send needs them. The tag is created on WeChat when it has no
 * `wechat_tag_id` yet (or WeChat forgot it), the audience is tagged and anyone else carrying the
 * tag untagged, 50 openids a call (docs/wechat-protocol.md §6.4). Every step is idempotent, so a
 * retried send simply syncs again.
 */
const BATCH = 50;

export async function syncWechatTag(args: { db: Db; api: WechatApi; accountId: string; tagId: number; openids: string[] }): Promise<number> {
  const [tag] = await args.db.select().from(tags).where(and(eq(tags.id, args.tagId), eq(tags.accountId, args.accountId))).limit(1);
  if (!tag) throw new WechatApiCallError({ kind: 'permanent', errcode: null, message: 'tag_missing', reachedWechat: false });
  let wechatTagId = tag.wechatTagId;
  let members: string[] | null = wechatTagId === null ? null : await tagMembers(args.api, wechatTagId);
  if (members === null) {
    wechatTagId = await createOrFindTag(args.api, tag.name);
    await args.db.update(tags).set({ wechatTagId, updatedAt: new Date() }).where(eq(tags.id, tag.id));
    members = await tagMembers(args.api, wechatTagId);
  }
  const wanted = new Set(args.openids);
  const present = new Set(members ?? []);
  const add = args.openids.filter((o) => !present.has(o));
  const remove = (members ?? []).filter((o) => !wanted.has(o));
  for (let i = 0; i < add.length; i += BATCH) {
    await args.api.call({ method: 'POST', path: '/cgi-bin/tags/members/batchtagging', body: { openid_list: add.slice(i, i + BATCH), tagid: wechatTagId } });
  }
  for (let i = 0; i < remove.length; i += BATCH) {
    await args.api.call({ method: 'POST', path: '/cgi-bin/tags/members/batchuntagging', body: { openid_list: remove.slice(i, i + BATCH), tagid: wechatTagId } });
  }
  return wechatTagId!;
}

/** WeChat's members of a tag, every page; null when WeChat does not know the tag (45159). */
async function tagMembers(api: WechatApi, wechatTagId: number): Promise<string[] | null> {
  const out: string[] = [];
  let next = '';
  for (;;) {
    let page: Record<string, unknown>;
    try {
      page = await api.call({ method: 'POST', path: '/cgi-bin/user/tag/get', body: { tagid: wechatTagId, next_openid: next } });
    } catch (error) {
      if (error instanceof WechatApiCallError && error.errcode === 45159) return null;
      throw error;
    }
    const ids = ((page.data as { openid?: unknown } | undefined)?.openid ?? []) as unknown[];
    out.push(...ids.filter((o): o is string => typeof o === 'string'));
    const after = typeof page.next_openid === 'string' ? page.next_openid : '';
    if (ids.length === 0 || after === '' || after === next) return out;
    next = after;
  }
}

/** tags/create; a name WeChat already has (45157) is looked up instead. */
async function createOrFindTag(api: WechatApi, name: string): Promise<number> {
  try {
    const answer = await api.call({ method: 'POST', path: '/cgi-bin/tags/create', body: { tag: { name } } });
    return Number((answer.tag as { id?: unknown } | undefined)?.id);
  } catch (error) {
    if (!(error instanceof WechatApiCallError) || error.errcode !== 45157) throw error;
    const list = await api.call({ method: 'GET', path: '/cgi-bin/tags/get' });
    const found = ((list.tags ?? []) as Array<{ id: number; name: string }>).find((t) => t.name === name);
    if (!found) throw error;
    return found.id;
  }
}
