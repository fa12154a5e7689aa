import type { Tx } from '../jobs/outbox';
import { formatDateTime } from '../format';
import { translator } from '../i18n/messages';
import type { InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { parseEventCommand } from './parse-command';
import { cancelFollower, checkInFollower, registerFollower } from './registration';

/**
 * The webhook's events hook (called once from lib/inbox/ingest.ts, inside its transaction,
 * only for a message stored for the first time): QR scenes `event:<id>` / `checkin:<id>` and the
 * keywords `报名 <id>` / `取消 <id>`. It returns the passive reply that replaces the auto-reply
 * (ingest stores it on the message row, so WeChat's retries get the same answer), or null.
 * Only this account's events count: a scene naming another account's event is ignored (the
 * ordinary welcome applies); a keyword naming one answers "not found". Nothing here calls
 * WeChat — notices to promoted citizens are outbox jobs in this same transaction.
 */
export async function handleEventCommand(args: {
  tx: Tx;
  account: { id: string };
  followerId: number | null;
  message: InboundMessage;
  at: Date;
}): Promise<PassiveReply | null> {
  if (args.followerId === null) return null;
  const command = parseEventCommand(args.message);
  if (!command) return null;
  const { tx, account, followerId, at } = args;
  const t = translator('zh-CN');
  const text = (content: string): PassiveReply => ({ type: 'text', content });
  const id = command.eventId;

  if (command.action === 'register') {
    const r = await registerFollower({ tx, accountId: account.id, eventId: id, followerId, source: command.via === 'qr' ? 'wechat_qr' : 'keyword', at });
    if (!r.ok) {
      if (r.reason === 'not_found') return command.via === 'qr' ? null : text(t('events.reply.notFound', { id }));
      return text(t(r.reason === 'not_open' ? 'events.reply.notOpen' : 'events.reply.closed', { id }));
    }
    const vars = { title: r.event.title, at: formatDateTime(r.event.startsAt, 'zh-CN'), place: r.event.placeName ?? r.event.address ?? '', id };
    const consent = r.event.interestTags.length ? t('events.reply.consent', { tags: r.event.interestTags.join('、'), id }) : t('events.reply.cancelHint', { id });
    const head = r.status === 'confirmed' ? t(r.already ? 'events.reply.alreadyConfirmed' : 'events.reply.confirmed', vars) : t(r.already ? 'events.reply.alreadyWaitlisted' : 'events.reply.waitlisted', vars);
    return text(`${head}\n${consent}`);
  }
  if (command.action === 'cancel') {
    const r = await cancelFollower({ tx, accountId: account.id, eventId: id, followerId, at });
    if (!r.ok) return text(t(r.reason === 'not_found' ? 'events.reply.notFound' : 'events.reply.notRegistered', { id }));
    return text(t('events.reply.cancelled', { id }));
  }
  const r = await checkInFollower({ tx, accountId: account.id, eventId: id, followerId, at });
  if (!r.ok) return r.reason === 'not_found' ? null : text(t('events.reply.checkinFull', { id }));
  const vars = { title: r.event.title, id };
  return text(t(r.already ? 'events.reply.alreadyCheckedIn' : r.walkIn ? 'events.reply.walkIn' : 'events.reply.checkedIn', vars));
}
