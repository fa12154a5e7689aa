import { and, asc, eq, gte, isNull, ne, sql } from 'drizzle-orm';
import { accounts, events } from '../../db/schema';
import { env } from '../env';
import { acceptTagOffer, offerTags, TAG_OFFER_MINUTES } from '../followers/tag-offers';
import type { Tx } from '../jobs/outbox';
import { formatDateTime } from '../format';
import { translator, type Translate } from '../i18n/messages';
import { dedupKey, type InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { parseEventCommand } from './parse-command';
import { cancelFollower, checkInFollower, registerFollower } from './registration';

/**
 * The events command of the chat (lib/chat/commands.ts; called from lib/inbox/ingest.ts, inside its transaction,
 * only for a message stored for the first time): QR scenes `event:<id>` / `checkin:<id>`, the
 * keywords `报名 <id>` / `取消 <id>`, `报名` alone and the events menu button (the upcoming
 * events, read now), and `1` (yes to the interest tags a registration offered). It returns the
 * passive reply that replaces the auto-reply (ingest stores it on the message row, so WeChat's
 * retries get the same answer), or null — then the message is an ordinary one. Only this
 * account's events register: a scene naming another account's event is ignored (the ordinary
 * welcome applies); a keyword naming another account's public event says who runs it and how
 * to follow them; drafts and unknown numbers answer "not found". Nothing here calls WeChat —
 * notices to promoted citizens are outbox jobs in this same transaction.
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

  if (command.action === 'list') return text(await upcomingEvents(tx, account.id, at, t));
  if (command.action === 'acceptTags') {
    const added = await acceptTagOffer({ tx, accountId: account.id, followerId, dedupKey: dedupKey(args.message), at });
    return added ? text(t('events.reply.tagsAdded', { tags: added.join('、') })) : null;
  }

  const id = command.eventId;
  if (command.action === 'register') {
    const r = await registerFollower({ tx, accountId: account.id, eventId: id, followerId, source: command.via === 'qr' ? 'wechat_qr' : 'keyword', at });
    if (!r.ok) {
      if (r.reason === 'not_found') return command.via === 'qr' ? null : text(await notHere(tx, account.id, id, 'register', t));
      return text(t(r.reason === 'not_open' ? 'events.reply.notOpen' : 'events.reply.closed', { id }));
    }
    const vars = { title: r.event.title, at: formatDateTime(r.event.startsAt, 'zh-CN'), place: r.event.placeName ?? r.event.address ?? '', id };
    const head = r.status === 'confirmed' ? t(r.already ? 'events.reply.alreadyConfirmed' : 'events.reply.confirmed', vars) : t(r.already ? 'events.reply.alreadyWaitlisted' : 'events.reply.waitlisted', vars);
    return text([head, t('events.reply.cancelHint', { id }), await tagOffer(tx, account.id, followerId, r.event, at, t)].filter(Boolean).join('\n'));
  }
  if (command.action === 'cancel') {
    const r = await cancelFollower({ tx, accountId: account.id, eventId: id, followerId, at });
    if (!r.ok) return text(r.reason === 'not_found' ? await notHere(tx, account.id, id, 'cancel', t) : t('events.reply.notRegistered', { id }));
    return text(t('events.reply.cancelled', { id }));
  }
  const r = await checkInFollower({ tx, accountId: account.id, eventId: id, followerId, at });
  if (!r.ok) return r.reason === 'not_found' ? null : text(t('events.reply.checkinFull', { id }));
  const vars = { title: r.event.title, id };
  if (r.walkIn) return text([t('events.reply.walkIn', vars), await tagOffer(tx, account.id, followerId, r.event, at, t)].filter(Boolean).join('\n'));
  return text(t(r.already ? 'events.reply.alreadyCheckedIn' : 'events.reply.checkedIn', vars));
}

/** The offer of the event's interest tags (asked, never assumed), or '' when there is nothing to ask. */
async function tagOffer(tx: Tx, accountId: string, followerId: number, event: { id: number; interestTags: string[] }, at: Date, t: Translate): Promise<string> {
  const offered = await offerTags({ tx, accountId, followerId, eventId: event.id, names: event.interestTags, at });
  return offered.length ? t('events.reply.tagOffer', { tags: offered.join('、'), minutes: TAG_OFFER_MINUTES }) : '';
}

/** Public links in replies: the portal's configured origin (NEXTAUTH_URL, lib/env). */
function portalUrl(path: string): string {
  return `${env().baseUrl.replace(/\/+$/, '')}${path}`;
}

/**
 * `报名 <id>` / `取消 <id>` for an event this account does not run. When another listed
 * account runs it publicly, the citizen is told which (name and WeChat ID, to tell it from a
 * look-alike) and how to follow it; a draft, an unknown number or an impostor's event stays
 * "not found", so nothing unpublished leaks.
 */
async function notHere(tx: Tx, accountId: string, id: number, action: 'register' | 'cancel', t: Translate): Promise<string> {
  const [other] = await tx
    .select({ title: events.title, slug: accounts.slug, name: accounts.name, wechatId: accounts.wechatId })
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .where(and(eq(events.id, id), ne(events.accountId, accountId), eq(events.status, 'published'), isNull(accounts.disabledAt), eq(accounts.flaggedImpostor, false)))
    .limit(1);
  if (!other) return t('events.reply.notFound', { id });
  const accountUrl = portalUrl(`/accounts/${other.slug}`);
  const vars = {
    id,
    title: other.title,
    account: other.name,
    wechatId: other.wechatId ? t('events.reply.wechatId', { wechatId: other.wechatId }) : '',
    // Without a WeChat ID a name search could land on a look-alike: the directory page it is.
    follow: other.wechatId ? t('events.reply.followById', { wechatId: other.wechatId, accountUrl }) : t('events.reply.followByPage', { accountUrl }),
    eventUrl: portalUrl(`/events/${id}`),
  };
  return t(action === 'register' ? 'events.reply.elsewhere' : 'events.reply.cancelElsewhere', vars);
}

const LISTED = 5;
/** A text passive reply has to stay well inside WeChat's 2048 bytes. */
const MAX_REPLY_BYTES = 1800;

/**
 * The account's events still open for registration (or not yet open), soonest first, each with
 * its 报名 keyword, read from the events table when asked — never a frozen text.
 */
async function upcomingEvents(tx: Tx, accountId: string, at: Date, t: Translate): Promise<string> {
  const [account] = await tx.select({ name: accounts.name, slug: accounts.slug }).from(accounts).where(eq(accounts.id, accountId));
  const url = portalUrl(`/accounts/${account?.slug ?? ''}#events`);
  const open = await tx
    .select({ id: events.id, title: events.title, startsAt: events.startsAt, opensAt: events.registrationOpensAt, place: events.placeName, address: events.address })
    .from(events)
    .where(
      and(
        eq(events.accountId, accountId),
        eq(events.status, 'published'),
        gte(events.endsAt, at),
        // A raw expression has no column to map a Date: the driver gets the ISO text (as postgres.js needs).
        sql`coalesce(${events.registrationClosesAt}, ${events.endsAt}) >= ${at.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(LISTED);
  const name = account?.name ?? '';
  if (open.length === 0) return t('events.reply.upcomingNone', { account: name, url });
  const more = t('events.reply.upcomingMore', { url });
  const lines = [t('events.reply.upcoming', { account: name })];
  for (const e of open) {
    const place = e.place ?? e.address;
    const vars = { id: e.id, title: e.title, at: formatDateTime(e.startsAt, 'zh-CN'), place: place ? ` · ${place}` : '' };
    // Not open yet: say when, rather than a keyword that would only answer "not yet".
    const item = e.opensAt && e.opensAt > at ? t('events.reply.upcomingItemNotOpen', { ...vars, opens: formatDateTime(e.opensAt, 'zh-CN') }) : t('events.reply.upcomingItem', vars);
    if (Buffer.byteLength([...lines, item, more].join('\n\n')) > MAX_REPLY_BYTES) break;
    lines.push(item);
  }
  return [...lines, more].join('\n\n');
}
