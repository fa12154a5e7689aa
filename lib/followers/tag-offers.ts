import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { followers, followerTags, messages, tagOffers, tags } from '../../db/schema';
import type { Tx } from '../jobs/outbox';
import { ensureTags, giveTags } from '../tags/assign';

/**
 * Interest tags are asked for, not assumed (docs/events.md, "Interest tags: asked, not
 * assumed"). Registering for an event adds no tag; the registration reply offers the event's
 * tags, and the follower says yes by sending `1`:
 *
 * - within TAG_OFFER_MINUTES of the offer, and
 * - as their next message in the chat: anything written in between (by the citizen or by staff)
 *   makes the `1` ambiguous — it may answer that instead — so the offer lapses.
 *
 * Anything else lets the offer lapse; a lapsed `1` is an ordinary message. Everything here runs
 * inside the webhook's transaction for a first delivery only (lib/events/commands.ts), so a
 * retried `1` gets the stored answer and adds nothing a second time.
 */
export const TAG_OFFER_MINUTES = 30;

/**
 * Offers the tags of `names` the follower does not have yet (replacing any earlier offer).
 * Returns the tags offered; none when the follower already has them all.
 */
export async function offerTags(args: { tx: Tx; accountId: string; followerId: number; eventId: number; names: readonly string[]; at: Date }): Promise<string[]> {
  const { tx, followerId, at } = args;
  if (args.names.length === 0) return [];
  const held = await tx
    .select({ name: tags.name })
    .from(followerTags)
    .innerJoin(tags, eq(tags.id, followerTags.tagId))
    .where(and(eq(followerTags.followerId, followerId), eq(tags.accountId, args.accountId), inArray(tags.name, [...args.names])));
  const have = new Set(held.map((h) => h.name));
  const offered = [...new Set(args.names)].filter((name) => !have.has(name));
  if (offered.length === 0) return [];
  const offer = { eventId: args.eventId, tags: offered, offeredAt: at, expiresAt: new Date(at.getTime() + TAG_OFFER_MINUTES * 60_000) };
  await tx
    .insert(tagOffers)
    .values({ followerId, ...offer })
    .onConflictDoUpdate({ target: tagOffers.followerId, set: offer });
  return offered;
}

/**
 * The follower sent `1` (the message stored under `dedupKey`): when it answers a live offer,
 * adds the offered tags and returns them; otherwise null (the `1` is an ordinary message).
 * The offer is used up either way.
 */
export async function acceptTagOffer(args: { tx: Tx; accountId: string; followerId: number; dedupKey: string; at: Date }): Promise<string[] | null> {
  const { tx, accountId, followerId, at } = args;
  const [offer] = await tx.delete(tagOffers).where(eq(tagOffers.followerId, followerId)).returning();
  if (!offer || at > offer.expiresAt) return null;
  // Unfollowed since the offer: WeChat requires their data gone, and a yes given before leaving
  // is not a yes after coming back.
  const [follower] = await tx
    .select({ subscribed: followers.subscribed, unsubscribedAt: followers.unsubscribedAt })
    .from(followers)
    .where(and(eq(followers.id, followerId), eq(followers.accountId, accountId)));
  if (!follower?.subscribed || (follower.unsubscribedAt && follower.unsubscribedAt >= offer.offeredAt)) return null;
  if (!(await isNextMessage(tx, accountId, args.dedupKey, offer.offeredAt))) return null;
  await addFollowerTags({ tx, accountId, followerId, names: offer.tags, at });
  return offer.tags;
}

/**
 * True when nothing was said in the conversation between the offer and this message: the
 * message just before it (by id, on the conversation's index) is no later than the offer. For
 * a keyword registration that message is the `报名 <id>` itself; after a QR scan (an event,
 * outside conversations) it is whatever came before the scan.
 */
async function isNextMessage(tx: Tx, accountId: string, dedupKey: string, offeredAt: Date): Promise<boolean> {
  const [current] = await tx
    .select({ id: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.dedupKey, dedupKey)))
    .limit(1);
  if (!current?.conversationId) return false;
  const [previous] = await tx
    .select({ createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.conversationId, current.conversationId), lt(messages.id, current.id)))
    .orderBy(desc(messages.id))
    .limit(1);
  return !previous || previous.createdAt <= offeredAt;
}

/**
 * Gives the follower these tags of the account, creating the tags as needed — through the one
 * tag write path (lib/tags/assign.ts), so WeChat's copy follows. Inside the webhook nothing may
 * fail for a tag: when WeChat's 100 tags are used up (or a name is too long for WeChat) the
 * tags that cannot be made are left out and the ones that exist are still given.
 */
export async function addFollowerTags(args: { tx: Tx; accountId: string; followerId: number; names: readonly string[]; at: Date }): Promise<void> {
  const { tx, accountId, at } = args;
  if (args.names.length === 0) return;
  const ensured = await ensureTags({ tx, accountId, names: args.names, at });
  const tagIds = ensured.ok
    ? ensured.tags.map((t) => t.id)
    : (await tx.select({ id: tags.id }).from(tags).where(and(eq(tags.accountId, accountId), inArray(tags.name, [...args.names])))).map((r) => r.id);
  await giveTags({ tx, accountId, followerIds: [args.followerId], tagIds, at });
}
