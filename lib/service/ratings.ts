import { and, desc, eq, gt, gte, isNotNull, isNull } from 'drizzle-orm';
import { conversations, tagOffers } from '../../db/schema';
import type { ChatCommand } from '../chat/commands';
import { translator } from '../i18n/messages';
import type { Tx } from '../jobs/outbox';
import { WINDOW_MS } from '../inbox/window';
import type { InboundMessage } from '../wechat/messages';
import { openFollowUp } from './follow-ups';
import { queueServiceNotice } from './notices';

/**
 * Ratings (好差评, docs/citizen-service.md): when staff resolve a conversation the citizen is
 * asked, by a customer-service message while the window is open, to reply 1–5 (or tap a menu
 * button `wegov:rate:<n>`). A reply within 48 hours of the ask attaches the rating; a 1 or a 2
 * opens a follow-up task for the account admin (lib/service/follow-ups.ts).
 *
 * `1` also answers the interest tags a registration offered (lib/followers/tag-offers.ts). The
 * most recent ask wins: this command answers a digit only when no live tag offer was made after
 * the rating request; otherwise it passes the message on to the events command.
 */
export const RATE_MENU_PREFIX = 'wegov:rate:';
/** Ratings this low ask the account admin to call the citizen back. */
export const FOLLOW_UP_BELOW = 3;

const t = translator('zh-CN');

/** The rating a message gives: `1`–`5` (full-width too) typed alone, or a rating menu button. */
export function parseRating(message: InboundMessage): { rating: number; via: 'text' | 'menu' } | null {
  if (message.msgType === 'event') {
    if (message.event !== 'CLICK' || !message.eventKey.startsWith(RATE_MENU_PREFIX)) return null;
    const n = Number(message.eventKey.slice(RATE_MENU_PREFIX.length));
    return Number.isInteger(n) && n >= 1 && n <= 5 ? { rating: n, via: 'menu' } : null;
  }
  if (message.msgType !== 'text') return null;
  const m = /^\s*([1-5１-５])\s*$/u.exec(message.content);
  return m ? { rating: Number(m[1]!.normalize('NFKC')), via: 'text' } : null;
}

/** Asks for a rating after `lead` (the "resolved" notice); marks the ask only if it could be sent. */
export async function requestRatingIn(args: { tx: Tx; conversation: { id: number; accountId: string; followerId: number }; lead: string; now: Date }): Promise<boolean> {
  const sent = await queueServiceNotice({ tx: args.tx, conversation: args.conversation, text: `${args.lead}\n${t('service.rating.ask')}`, now: args.now });
  if (sent) await args.tx.update(conversations).set({ ratingRequestedAt: args.now }).where(eq(conversations.id, args.conversation.id));
  return sent;
}

export const ratingCommand: ChatCommand = {
  name: 'rating',
  matches: (message) => parseRating(message) !== null,
  async handle({ tx, account, followerId, message, at }) {
    const parsed = parseRating(message);
    if (!parsed || followerId === null) return null;
    const since = new Date(at.getTime() - WINDOW_MS);
    const [asked] = await tx
      .select({ id: conversations.id, ratingRequestedAt: conversations.ratingRequestedAt })
      .from(conversations)
      .where(
        and(
          eq(conversations.accountId, account.id),
          eq(conversations.followerId, followerId),
          isNotNull(conversations.ratingRequestedAt),
          isNull(conversations.rating),
          gte(conversations.ratingRequestedAt, since),
        ),
      )
      .orderBy(desc(conversations.ratingRequestedAt))
      .limit(1)
      .for('update');
    if (!asked?.ratingRequestedAt) return null;
    if (parsed.via === 'text' && (await newerTagOffer(tx, followerId, asked.ratingRequestedAt, at))) return null;
    const [rated] = await tx
      .update(conversations)
      .set({ rating: parsed.rating, ratedAt: at })
      .where(and(eq(conversations.id, asked.id), isNull(conversations.rating)))
      .returning({ id: conversations.id });
    if (!rated) return null;
    if (parsed.rating < FOLLOW_UP_BELOW) {
      await openFollowUp({ tx, accountId: account.id, conversationId: asked.id, rating: parsed.rating, at });
      return { type: 'text', content: t('service.rating.thanksLow', { rating: parsed.rating }) };
    }
    return { type: 'text', content: t('service.rating.thanks', { rating: parsed.rating }) };
  },
};

/** A tag offer made after the rating request and still open: the `1` answers that instead. */
async function newerTagOffer(tx: Tx, followerId: number, requestedAt: Date, at: Date): Promise<boolean> {
  const [offer] = await tx
    .select({ followerId: tagOffers.followerId })
    .from(tagOffers)
    .where(and(eq(tagOffers.followerId, followerId), gt(tagOffers.offeredAt, requestedAt), gte(tagOffers.expiresAt, at)))
    .limit(1);
  return Boolean(offer);
}
