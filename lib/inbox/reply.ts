import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, followers, messages, type Message } from '../../db/schema';
import { enqueueJob, type Tx } from '../jobs/outbox';
import { outboundText, textPayload, type OutboundPayload } from './outbound';
import { serviceWindow, WINDOW_MESSAGES, type ServiceWindow } from './window';

export const SEND_JOB = 'inbox.send';

export interface QueuedReply {
  message: Message;
  /** `queued`: goes out through custom/send now; `waiting_for_citizen`: passive reply to their next message. */
  state: 'queued' | 'waiting_for_citizen';
  window: ServiceWindow;
  /** True when this submit repeated an earlier one (same client key) and nothing new was stored. */
  repeated: boolean;
}

/**
 * Stores a staff reply and decides how it reaches WeChat, in one transaction: inside the 48 h
 * window with messages left it is queued for custom/send (an outbox job); otherwise it waits and
 * becomes the passive reply of the citizen's next message (lib/inbox/ingest.ts). The follower row
 * is locked so two agents replying at once cannot both spend the last message of the window.
 */
export async function queueReply(args: {
  db: Db;
  conversation: { id: number; accountId: string; followerId: number };
  authorId: string | null;
  payload: OutboundPayload;
  /** Idempotency key from the form: a double submit stores one message. */
  clientKey?: string;
  now?: Date;
}): Promise<QueuedReply> {
  const { conversation } = args;
  return args.db.transaction(async (tx) => {
    await tx.select({ id: followers.id }).from(followers).where(eq(followers.id, conversation.followerId)).for('update');
    const dedupKey = args.clientKey ? `o:${args.clientKey}` : null;
    if (dedupKey) {
      const [earlier] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.accountId, conversation.accountId), eq(messages.dedupKey, dedupKey)))
        .limit(1);
      if (earlier) {
        const window = await serviceWindow({ db: tx, followerId: conversation.followerId, now: args.now });
        const state = earlier.deliveryState === 'waiting_for_citizen' ? 'waiting_for_citizen' : 'queued';
        return { message: earlier, state, window, repeated: true };
      }
    }
    const window = await serviceWindow({ db: tx, followerId: conversation.followerId, now: args.now });
    const state = window.open && window.remaining > 0 ? 'queued' : 'waiting_for_citizen';
    const message = await insertOutbound(tx, { ...args, dedupKey, state });
    return { message, state, window: state === 'queued' ? { ...window, remaining: window.remaining - 1 } : window, repeated: false };
  });
}

async function insertOutbound(
  tx: Tx,
  args: {
    conversation: { id: number; accountId: string; followerId: number };
    authorId: string | null;
    payload: OutboundPayload;
    dedupKey: string | null;
    state: 'queued' | 'waiting_for_citizen';
    now?: Date;
  },
): Promise<Message> {
  const now = args.now ?? new Date();
  const text = outboundText(args.payload);
  const [message] = await tx
    .insert(messages)
    .values({
      accountId: args.conversation.accountId,
      followerId: args.conversation.followerId,
      conversationId: args.conversation.id,
      direction: 'outbound',
      dedupKey: args.dedupKey,
      msgType: args.payload.msgtype,
      content: text,
      payload: args.payload,
      authorId: args.authorId,
      deliveryState: args.state,
      createdAt: now,
    })
    .returning();
  if (!message) throw new Error('outbound insert returned no row');
  if (args.state === 'queued') {
    await enqueueJob({ db: tx, kind: SEND_JOB, accountId: args.conversation.accountId, payload: { messageId: message.id }, idempotencyKey: `send:${message.id}:1` });
  }
  // Answering puts the thread in "pending" (waiting on the citizen); the clock for the first
  // response stops at the first answer staff wrote, whatever the channel it goes out on.
  await tx
    .update(conversations)
    .set({
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now.toISOString()}::timestamptz)`,
      preview: text.slice(0, 140),
      firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${now.toISOString()}::timestamptz)`,
      status: sql`case when ${conversations.status} = 'open' then 'pending'::conversation_status else ${conversations.status} end`,
      unreadCount: 0,
    })
    .where(eq(conversations.id, args.conversation.id));
  return message;
}

/**
 * Staff resend a failed or uncertain message: it is queued again (or waits for the citizen when
 * the window is closed). Only `failed` and `unknown` rows qualify, so a sent message never goes twice.
 */
export async function resendMessage(args: { db: Db; accountId: string; messageId: number; now?: Date }): Promise<'queued' | 'waiting_for_citizen' | null> {
  return args.db.transaction(async (tx) => {
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, args.messageId), eq(messages.accountId, args.accountId), eq(messages.direction, 'outbound')))
      .for('update');
    if (!message || !message.followerId || (message.deliveryState !== 'failed' && message.deliveryState !== 'unknown')) return null;
    await tx.select({ id: followers.id }).from(followers).where(eq(followers.id, message.followerId)).for('update');
    const window = await serviceWindow({ db: tx, followerId: message.followerId, now: args.now });
    const state = window.open && window.remaining > 0 ? 'queued' : 'waiting_for_citizen';
    await tx.update(messages).set({ deliveryState: state, deliveryError: null }).where(eq(messages.id, message.id));
    if (state === 'queued') {
      const attempt = `${Date.now()}`;
      await enqueueJob({ db: tx, kind: SEND_JOB, accountId: args.accountId, payload: { messageId: message.id }, idempotencyKey: `send:${message.id}:${attempt}` });
    }
    return state;
  });
}

/**
 * Several replies waiting for the citizen can only go as one passive reply plus customer-service
 * messages; staff may merge them into a single message first. Returns the merged message id.
 */
export async function mergeWaitingReplies(args: { db: Db; conversationId: number; accountId: string }): Promise<number | null> {
  return args.db.transaction(async (tx) => {
    const waiting = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, args.conversationId),
          eq(messages.accountId, args.accountId),
          eq(messages.deliveryState, 'waiting_for_citizen'),
          eq(messages.msgType, 'text'),
        ),
      )
      .orderBy(asc(messages.id))
      .for('update');
    if (waiting.length < 2) return waiting[0]?.id ?? null;
    const [first, ...rest] = waiting;
    const text = waiting.map((m) => outboundText(m.payload as OutboundPayload)).join('\n\n');
    await tx.update(messages).set({ content: text, payload: textPayload(text) }).where(eq(messages.id, first!.id));
    // Never delivered, so nothing of the record is lost: their text lives on in the merged one.
    await tx.delete(messages).where(inArray(messages.id, rest.map((m) => m.id)));
    return first!.id;
  });
}

/**
 * The citizen wrote again (lib/inbox/store-inquiry.ts). With `passive`, the oldest reply waiting
 * for them becomes the passive reply of this message (the caller stores it on the message row,
 * so WeChat's retries get the same answer); the others — all of them when the passive reply is
 * already taken, e.g. by a keyword command's answer — go out through custom/send in the window
 * this message just opened. SKIP LOCKED: two concurrent pushes never hand out the same reply.
 */
export async function takeWaitingReplies(args: { tx: Tx; accountId: string; followerId: number; at: Date; passive: boolean }): Promise<OutboundPayload | null> {
  const { tx } = args;
  const waiting = await tx
    .select({ id: messages.id, payload: messages.payload })
    .from(messages)
    .where(and(eq(messages.followerId, args.followerId), eq(messages.accountId, args.accountId), eq(messages.deliveryState, 'waiting_for_citizen')))
    .orderBy(asc(messages.id))
    .for('update', { skipLocked: true });
  const first = args.passive ? waiting[0] : undefined;
  const rest = first ? waiting.slice(1) : waiting;
  let passive: OutboundPayload | null = null;
  if (first) {
    passive = { ...(first.payload as OutboundPayload), via: 'passive' as const };
    await tx.update(messages).set({ deliveryState: 'sent', deliveredAt: args.at, deliveryError: null, payload: passive }).where(eq(messages.id, first.id));
  }
  for (const m of rest.slice(0, WINDOW_MESSAGES)) {
    await tx.update(messages).set({ deliveryState: 'queued', deliveryError: null }).where(eq(messages.id, m.id));
    await enqueueJob({ db: tx, kind: SEND_JOB, accountId: args.accountId, payload: { messageId: m.id }, idempotencyKey: `send:${m.id}:w${args.at.getTime()}` });
  }
  await settleWaitingHint(tx, args.followerId);
  return passive;
}

/**
 * Clears `followers.has_waiting_replies` once nothing waits any more, so the citizen's next
 * message takes the webhook's one-statement lane again (lib/inbox/store-inquiry.ts). The caller
 * holds the follower's row lock (ingest's upsert), which every write of a waiting reply also
 * takes through the trigger of migration 0003, so no new waiting reply can slip in between the
 * check and the write. Rows another transaction holds locked still read as waiting here: the
 * flag stays set rather than go stale the wrong way.
 */
async function settleWaitingHint(tx: Tx, followerId: number): Promise<void> {
  await tx
    .update(followers)
    .set({
      hasWaitingReplies: sql`exists (select 1 from messages m where m.follower_id = ${followerId} and m.delivery_state = 'waiting_for_citizen')`,
    })
    .where(and(eq(followers.id, followerId), eq(followers.hasWaitingReplies, true)));
}
