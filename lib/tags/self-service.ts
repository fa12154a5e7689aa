import { and, eq } from 'drizzle-orm';
import { followers, followerTags } from '../../db/schema';
import { translator } from '../i18n/messages';
import type { Tx } from '../jobs/outbox';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { giveTags, takeTags } from './assign';
import { selfServiceTags } from './list';

/**
 * Citizens join and leave interest groups themselves (docs/admin.md "Followers and tags"):
 * `订阅 交通` / `退订 交通` (also 訂閱 / 退訂, any space, full-width too), `订阅` alone for the
 * list, and menu buttons with the keys below. Only tags staff marked self-service; the tag is
 * given through lib/tags/assign.ts, so WeChat's copy (and with it a broadcast to the tag) follows.
 */
export const SUBSCRIBE_LIST_KEY = 'wegov:subscribe';
/** `wegov:subscribe:<tag id>` joins the group, `wegov:unsubscribe:<tag id>` leaves it. */
export const SUBSCRIBE_KEY_PREFIX = 'wegov:subscribe:';
export const UNSUBSCRIBE_KEY_PREFIX = 'wegov:unsubscribe:';

export const subscribeKey = (tagId: number) => `${SUBSCRIBE_KEY_PREFIX}${tagId}`;
export const unsubscribeKey = (tagId: number) => `${UNSUBSCRIBE_KEY_PREFIX}${tagId}`;

export type SubscriptionCommand =
  | { action: 'list' }
  | { action: 'join' | 'leave'; name: string; spaced: boolean }
  | { action: 'join' | 'leave'; tagId: number };

const KEYWORD = /^(订阅|訂閱|退订|退訂)(\s*)(.*)$/su;
const KEY = /^wegov:(subscribe|unsubscribe):(\d{1,15})$/;

/** What a message asks of the interest groups, if anything (pure, database-free). */
export function parseSubscriptionCommand(message: InboundMessage): SubscriptionCommand | null {
  if (message.msgType === 'text') {
    // NFKC turns the full-width space (U+3000) a Chinese keyboard types into a plain one.
    const typed = message.content.normalize('NFKC').trim();
    const m = KEYWORD.exec(typed);
    if (!m) return null;
    const join = m[1] === '订阅' || m[1] === '訂閱';
    const name = m[3]!.trim();
    if (name === '') return join ? { action: 'list' } : null;
    return { action: join ? 'join' : 'leave', name, spaced: m[2] !== '' };
  }
  if (message.msgType === 'event' && message.event === 'CLICK') {
    if (message.eventKey === SUBSCRIBE_LIST_KEY) return { action: 'list' };
    const m = KEY.exec(message.eventKey);
    if (m) return { action: m[1] === 'subscribe' ? 'join' : 'leave', tagId: Number(m[2]) };
  }
  return null;
}

/** The chat's answer (inside ingest's transaction), or null: not for us (then an ordinary message). */
export async function handleSubscriptionCommand(args: { tx: Tx; account: { id: string }; followerId: number | null; message: InboundMessage; at: Date }): Promise<PassiveReply | null> {
  const command = parseSubscriptionCommand(args.message);
  if (!command || args.followerId === null) return null;
  const { tx, at } = args;
  const accountId = args.account.id;
  const followerId = args.followerId;
  const t = translator('zh-CN');
  const text = (content: string): PassiveReply => ({ type: 'text', content });
  const groups = await selfServiceTags(tx, accountId);
  const list = groups.map((g) => g.name).join('、');
  if (command.action === 'list') return text(groups.length ? t('menuTags.reply.list', { list, example: groups[0]!.name }) : t('menuTags.reply.none'));

  const group = 'tagId' in command ? groups.find((g) => g.id === command.tagId) : groups.find((g) => g.name === command.name);
  if (!group) {
    // `订阅号…` is a question about the account, not a command: only a spaced name is ours to refuse.
    if ('name' in command && !command.spaced) return null;
    return text(groups.length ? t('menuTags.reply.unknown', { list, example: groups[0]!.name }) : t('menuTags.reply.none'));
  }
  const [follower] = await tx.select({ subscribed: followers.subscribed }).from(followers).where(and(eq(followers.id, followerId), eq(followers.accountId, accountId)));
  if (!follower?.subscribed) return text(t('menuTags.reply.followFirst'));
  const [held] = await tx.select({ tagId: followerTags.tagId }).from(followerTags).where(and(eq(followerTags.followerId, followerId), eq(followerTags.tagId, group.id)));
  const vars = { name: group.name };
  if (command.action === 'join') {
    if (held) return text(t('menuTags.reply.already', vars));
    await giveTags({ tx, accountId, followerIds: [followerId], tagIds: [group.id], at });
    return text(t('menuTags.reply.joined', vars));
  }
  if (!held) return text(t('menuTags.reply.notMember', vars));
  await takeTags({ tx, accountId, followerIds: [followerId], tagIds: [group.id] });
  return text(t('menuTags.reply.left', vars));
}
