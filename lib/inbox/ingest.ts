import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { broadcasts, conversations, followers, followerTags, messages, quarantinedPayloads } from '../../db/schema';
import { chooseReply, type ReplyRule } from '../auto-reply/choose-reply';
import { dedupKey, type InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { sanitizeText } from '../wechat/xml';
import { passiveReplyOf } from './outbound';
import { handleEventCommand } from '../events/commands';
import { parseEventCommand } from '../events/parse-command';
import { storeInquiry } from './store-inquiry';
import { acceptReferral } from './referrals';
import { takeWaitingReplies } from './reply';

export interface IngestAccount {
  id: string;
  serviceTargetHours: number;
  rules: readonly ReplyRule[];
}

export interface IngestResult {
  /** True when WeChat re-delivered a message we already stored. */
  duplicate: boolean;
  messageId: number;
  reply: PassiveReply | null;
}

/** Messages a citizen typed or sent: they open or continue an inquiry and the 48 h window. */
const INQUIRY_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

/**
 * Stores one inbound message or event exactly once and applies its effects on followers and
 * conversations. WeChat retries (also concurrent ones) collide on the unique
 * (account_id, dedup_key) index; the loser reads back the reply decided by the first delivery,
 * so every retry gets the same answer and no effect happens twice.
 */
export async function ingestInbound(args: {
  db: Db;
  account: IngestAccount;
  message: InboundMessage;
  receivedAt?: Date;
}): Promise<IngestResult> {
  const { db, account, message } = args;
  const receivedAt = args.receivedAt ?? new Date();
  const sentAt = new Date(message.createTime * 1000);
  let reply = chooseReply(account.rules, message);
  const key = dedupKey(message);

  if (INQUIRY_TYPES.has(message.msgType) && !parseEventCommand(message)) {
    // Most pushes are a citizen writing in: one statement stores them (lib/inbox/store-inquiry.ts).
    const lane = await storeInquiry(db, {
      accountId: account.id,
      openid: message.fromUserName,
      dedupKey: key,
      msgType: message.msgType,
      content: searchableText(message),
      payload: message.fields, // sanitized by toInboundMessage
      reply,
      preview: previewOf(message),
      receivedAt,
      sentAt,
      dueAt: dueAt(account, receivedAt),
    });
    if (lane.outcome === 'stored') return { duplicate: false, messageId: lane.messageId, reply };
    if (lane.outcome === 'duplicate') return firstDelivery(db, account.id, key);
    // A staff reply is waiting for this citizen: the transaction below hands it out.
  }

  return db.transaction(async (tx) => {
    // The follower upsert rides along with the message insert as a CTE: one statement, one round
    // trip, on the webhook's hot path. A retry re-runs the (idempotent) upsert and then collides.
    const follower = affectsFollower(message) ? upsertFollower(tx, account.id, message, sentAt) : null;
    const [inserted] = await (follower ? tx.with(follower) : tx)
      .insert(messages)
      .values({
        accountId: account.id,
        followerId: follower ? sql`(select ${follower.id} from ${follower})` : null,
        direction: 'inbound',
        dedupKey: key,
        msgType: message.msgType === 'other' ? message.originalType : message.msgType,
        event: message.msgType === 'event' ? eventName(message) : null,
        content: searchableText(message),
        payload: message.fields, // sanitized by toInboundMessage
        reply,
        wechatCreatedAt: sentAt,
        createdAt: receivedAt,
      })
      .onConflictDoNothing({ target: [messages.accountId, messages.dedupKey] })
      .returning({ id: messages.id, followerId: messages.followerId });

    if (!inserted) return firstDelivery(tx, account.id, key);
    const followerId = inserted.followerId;
    if (followerId !== null && message.msgType === 'event' && message.event === 'unsubscribe') {
      // WeChat requires deleting the user's data on unsubscribe; interest tags go with it.
      await tx.delete(followerTags).where(eq(followerTags.followerId, followerId));
    }

    // Event registration / check-in (QR scenes and keywords) answers instead of the auto-reply,
    // stored on the row so retries answer the same (lib/events/commands.ts).
    const eventReply = await handleEventCommand({ tx, account, followerId, message, at: receivedAt });
    if (eventReply) {
      reply = eventReply;
      await tx.update(messages).set({ reply }).where(eq(messages.id, inserted.id));
    }
    if (followerId !== null && INQUIRY_TYPES.has(message.msgType)) {
      // A staff reply waiting for the citizen to write again answers this message, instead of
      // the auto-reply; stored on the row so WeChat's retries get the same answer.
      const waiting = await takeWaitingReplies({ tx, accountId: account.id, followerId, at: receivedAt });
      if (waiting) reply = passiveReplyOf(waiting);
      await continueConversation(tx, account, followerId, message, receivedAt, { messageId: inserted.id, reply: waiting ? reply : undefined });
    }
    if (followerId !== null && message.msgType === 'event' && (message.event === 'subscribe' || message.event === 'SCAN')) {
      // A scan of a referral's QR code opens the conversation the other department prepared.
      await acceptReferral({ tx, account, followerId, scene: message.scene, at: receivedAt });
    }
    if (message.msgType === 'event' && message.event === 'MASSSENDJOBFINISH') {
      // Matched on (account, msg id) only: a report for another tenant's or an unknown
      // broadcast changes nothing and stays as an unmatched event row (RELIABILITY D7).
      await tx
        .update(broadcasts)
        .set({
          status: message.status === 'send success' ? 'sent' : 'failed',
          totalCount: message.totalCount,
          filterCount: message.filterCount,
          sentCount: message.sentCount,
          errorCount: message.errorCount,
        })
        .where(and(eq(broadcasts.accountId, account.id), eq(broadcasts.wechatMsgId, message.msgId)));
    }
    return { duplicate: false, messageId: inserted.id, reply };
  });
}

/** What a retry answers: the message and reply the first delivery stored. */
async function firstDelivery(db: Db | Tx, accountId: string, key: string): Promise<IngestResult> {
  const [first] = await db
    .select({ id: messages.id, reply: messages.reply })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.dedupKey, key)))
    .limit(1);
  return { duplicate: true, messageId: first?.id ?? 0, reply: (first?.reply as PassiveReply | null) ?? null };
}

/** Keeps an authenticated payload we could not understand, for staff to look at. */
export async function quarantinePayload(args: { db: Db; accountId: string; reason: string; payload: string }): Promise<void> {
  await args.db.insert(quarantinedPayloads).values({
    accountId: args.accountId,
    reason: args.reason,
    payload: sanitizeText(args.payload),
  });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function affectsFollower(message: InboundMessage): boolean {
  // MASSSENDJOBFINISH comes from the platform about a broadcast, not from a citizen.
  return !(message.msgType === 'event' && message.event === 'MASSSENDJOBFINISH');
}

// For a citizen's message (not an event), lib/inbox/store-inquiry.ts runs the same upsert in
// SQL on the batched path: change both together.
function upsertFollower(tx: Tx, accountId: string, message: InboundMessage, at: Date) {
  const isEvent = message.msgType === 'event';
  const subscribe = isEvent && message.event === 'subscribe';
  const unsubscribe = isEvent && message.event === 'unsubscribe';
  const inquiry = INQUIRY_TYPES.has(message.msgType);
  const scene = subscribe ? message.scene : null;

  // Only a newer event may change the follow state: a late retry of an old unsubscribe must
  // not undo a follow that happened after it.
  const newer = sql`${at.toISOString()}::timestamptz >= greatest(coalesce(${followers.subscribedAt}, '-infinity'), coalesce(${followers.unsubscribedAt}, '-infinity'))`;
  return tx.$with('follower').as(
    tx
      .insert(followers)
      .values({
        accountId,
        openid: message.fromUserName,
        // Only followers can message an account, so a first message implies a follow.
        subscribed: !unsubscribe,
        subscribedAt: subscribe ? at : null,
        unsubscribedAt: unsubscribe ? at : null,
        source: scene,
        lastInboundAt: inquiry ? at : null,
        lastInteractionAt: at,
        lastInteractionKind: isEvent ? message.event : 'message',
      })
      .onConflictDoUpdate({
        target: [followers.accountId, followers.openid],
        set: {
          subscribed: subscribe || unsubscribe ? sql`case when ${newer} then ${!unsubscribe} else ${followers.subscribed} end` : sql`${followers.subscribed}`,
          subscribedAt: subscribe ? sql`case when ${newer} then ${at.toISOString()}::timestamptz else ${followers.subscribedAt} end` : sql`${followers.subscribedAt}`,
          unsubscribedAt: unsubscribe ? sql`case when ${newer} then ${at.toISOString()}::timestamptz else ${followers.unsubscribedAt} end` : sql`${followers.unsubscribedAt}`,
          source: scene ? scene : sql`${followers.source}`,
          // WeChat requires deleting the user's data on unsubscribe; inquiries stay as case records.
          displayName: unsubscribe ? null : sql`${followers.displayName}`,
          phone: unsubscribe ? null : sql`${followers.phone}`,
          remark: unsubscribe ? null : sql`${followers.remark}`,
          lastInboundAt: inquiry
            ? sql`greatest(${followers.lastInboundAt}, ${at.toISOString()}::timestamptz)`
            : sql`${followers.lastInboundAt}`,
          lastInteractionAt: sql`greatest(${followers.lastInteractionAt}, ${at.toISOString()}::timestamptz)`,
          lastInteractionKind: isEvent ? message.event : 'message',
        },
      })
      .returning({ id: followers.id }),
  );
}

/**
 * Opens or continues the citizen's conversation and files the message under it, in one
 * statement (a data-modifying CTE) — this runs for every inquiry on the webhook's hot path.
 */
async function continueConversation(
  tx: Tx,
  account: IngestAccount,
  followerId: number,
  message: InboundMessage,
  at: Date,
  filed: { messageId: number; reply: PassiveReply | null | undefined },
): Promise<number> {
  const preview = previewOf(message);
  const due = dueAt(account, at);
  // The partial unique index allows one unresolved thread per citizen, so two first messages
  // arriving together land in the same conversation.
  const upsert = tx.$with('conversation').as(
    tx
      .insert(conversations)
      .values({
        accountId: account.id,
        followerId,
        status: 'open',
        openedAt: at,
        lastMessageAt: at,
        lastInboundAt: at,
        dueAt: due,
        unreadCount: 1,
        preview,
      })
      .onConflictDoUpdate({
        target: [conversations.accountId, conversations.followerId],
        targetWhere: sql`status <> 'resolved'`,
        set: {
          lastMessageAt: sql`greatest(${conversations.lastMessageAt}, excluded.last_message_at)`,
          lastInboundAt: sql`excluded.last_inbound_at`,
          unreadCount: sql`${conversations.unreadCount} + 1`,
          preview: sql`excluded.preview`,
          // A citizen writing again puts a thread waiting on them back in front of staff.
          status: sql`case when ${conversations.status} = 'pending' then 'open'::conversation_status else ${conversations.status} end`,
        },
      })
      .returning({ id: conversations.id }),
  );
  const [row] = await tx
    .with(upsert)
    .update(messages)
    .set({ conversationId: sql`(select ${upsert.id} from ${upsert})`, ...(filed.reply !== undefined ? { reply: filed.reply } : {}) })
    .where(eq(messages.id, filed.messageId))
    .returning({ conversationId: messages.conversationId });
  if (!row?.conversationId) throw new Error('conversation upsert returned no row');
  return row.conversationId;
}

function previewOf(message: InboundMessage): string {
  return (searchableText(message) ?? `[${message.msgType}]`).slice(0, 140);
}

/** When the first response is due under the account's service target. */
function dueAt(account: IngestAccount, receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + account.serviceTargetHours * 3_600_000);
}

function eventName(message: InboundMessage & { msgType: 'event' }): string {
  return message.event === 'other' ? message.eventName : message.event;
}

/** The text staff search in: what the citizen wrote or said, or what they clicked. */
export function searchableText(message: InboundMessage): string | null {
  switch (message.msgType) {
    case 'text':
      return message.content;
    case 'voice':
      return message.recognition;
    case 'location':
      return message.label;
    case 'link':
      return message.title;
    case 'event':
      return message.event === 'CLICK' || message.event === 'VIEW' ? message.eventKey : null;
    default:
      return null;
  }
}
