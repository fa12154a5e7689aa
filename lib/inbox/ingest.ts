import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers, followerTags, messages, quarantinedPayloads } from '../../db/schema';
import { chooseReply, type ReplyRule } from '../auto-reply/choose-reply';
import { applyPublishReport } from '../broadcasts/publish';
import { storeJobReport } from '../broadcasts/store-job-report';
import { answerChatCommand, mayBeChatCommand } from '../chat/commands';
import { inquiryCase, type InquiryService } from '../service/first-answer';
import { dedupKey, type InboundMessage } from '../wechat/messages';
import type { PassiveReply } from '../wechat/reply';
import { sanitizeText } from '../wechat/xml';
import { acceptReferral } from './referrals';
import { storeInquiry, storeInquiryIn, type InquiryRow } from './store-inquiry';

export interface IngestAccount {
  id: string;
  rules: readonly ReplyRule[];
  /** Office hours, service targets and case prefix (docs/citizen-service.md). */
  service: InquiryService;
}

export interface IngestResult {
  /** True when WeChat re-delivered a message we already stored. */
  duplicate: boolean;
  reply: PassiveReply | null;
}

/** Messages a citizen typed or sent: they open or continue an inquiry and the 48 h window. */
const INQUIRY_TYPES = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

/**
 * Stores one inbound message or event exactly once and applies its effects on followers and
 * conversations. WeChat retries (also concurrent ones) collide on the unique
 * (account_id, dedup_key) index; the loser reads back the reply decided by the first delivery,
 * so every retry gets the same answer and no effect happens twice. Three writers, one per kind
 * of push: a citizen's message (lib/inbox/store-inquiry.ts), a platform's send-job report
 * (lib/broadcasts/store-job-report.ts), and every other event in the transaction below.
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
  const key = dedupKey(message);

  if (message.msgType === 'event' && (message.event === 'MASSSENDJOBFINISH' || message.event === 'TEMPLATESENDJOBFINISH')) {
    const stored = await storeJobReport(db, {
      accountId: account.id,
      openid: message.fromUserName,
      dedupKey: key,
      event: message.event,
      payload: message.fields, // sanitized by toInboundMessage
      sentAt,
      receivedAt,
      msgId: message.msgId,
      status: message.status,
      counts:
        message.event === 'MASSSENDJOBFINISH'
          ? { total: message.totalCount, filter: message.filterCount, sent: message.sentCount, error: message.errorCount }
          : null,
    });
    return { duplicate: stored.outcome === 'duplicate', reply: null };
  }

  if (INQUIRY_TYPES.has(message.msgType)) {
    const reply = chooseReply(account.rules, message, receivedAt);
    const row: InquiryRow = {
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
      // Due times in working time and the case number the first question gets (lib/service).
      ...inquiryCase(account.service, reply, receivedAt),
    };
    // A chat command (报名 12) acts in the same transaction as the message it came in, and its
    // answer is the passive reply (lib/chat/commands.ts).
    const stored = mayBeChatCommand(message)
      ? await db.transaction((tx) =>
          storeInquiryIn(tx, row, ({ followerId }) => answerChatCommand({ tx, account, followerId, message, at: receivedAt })),
        )
      : await storeInquiry(db, row);
    if (stored.outcome === 'duplicate') return firstDelivery(db, account.id, key);
    return { duplicate: false, reply: stored.reply };
  }

  let reply = chooseReply(account.rules, message, receivedAt);
  return db.transaction(async (tx) => {
    // The follower upsert rides along with the event insert as a CTE: one statement, one round
    // trip. A retry re-runs the (idempotent) upsert and then collides.
    const follower = upsertFollower(tx, account.id, message, sentAt);
    const [inserted] = await tx
      .with(follower)
      .insert(messages)
      .values({
        accountId: account.id,
        followerId: sql`(select ${follower.id} from ${follower})`,
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
    if (message.msgType === 'event' && message.event === 'PUBLISHJOBFINISH') {
      // Publishing without a push finished: filled in once, with the push that stored it.
      const report = { publishId: message.publishId, status: message.publishStatus, articleId: message.articleId, urls: message.articleUrls };
      await applyPublishReport({ db: tx, accountId: account.id, report, at: receivedAt });
    }
    if (followerId !== null && message.msgType === 'event' && message.event === 'unsubscribe') {
      // WeChat requires deleting the user's data on unsubscribe; interest tags go with it.
      await tx.delete(followerTags).where(eq(followerTags.followerId, followerId));
    }

    // A chat command (event registration or check-in by QR scene, a menu click…) answers
    // instead of the auto-reply, stored on the row so retries answer the same (lib/chat/commands.ts).
    const commandReply = await answerChatCommand({ tx, account, followerId, message, at: receivedAt });
    if (commandReply) {
      reply = commandReply;
      await tx.update(messages).set({ reply }).where(eq(messages.id, inserted.id));
    }
    if (followerId !== null && message.msgType === 'event' && (message.event === 'subscribe' || message.event === 'SCAN')) {
      // A scan of a referral's QR code opens the conversation the other department prepared.
      await acceptReferral({ tx, account, followerId, scene: message.scene, at: receivedAt });
    }
    return { duplicate: false, reply };
  });
}

/** What a retry answers: the message and reply the first delivery stored. */
async function firstDelivery(db: Db | Tx, accountId: string, key: string): Promise<IngestResult> {
  const [first] = await db
    .select({ reply: messages.reply })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.dedupKey, key)))
    .limit(1);
  return { duplicate: true, reply: (first?.reply as PassiveReply | null) ?? null };
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

/**
 * The follower's side of an event (subscribe, unsubscribe, scan, menu click…) or of a message of
 * a type we do not know yet. A citizen's message updates the follower in its own statement
 * (lib/inbox/store-inquiry.ts): the only other write of this row on the webhook.
 */
function upsertFollower(tx: Tx, accountId: string, message: InboundMessage, at: Date) {
  const isEvent = message.msgType === 'event';
  const subscribe = isEvent && message.event === 'subscribe';
  const unsubscribe = isEvent && message.event === 'unsubscribe';
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
          lastInteractionAt: sql`greatest(${followers.lastInteractionAt}, ${at.toISOString()}::timestamptz)`,
          lastInteractionKind: isEvent ? message.event : 'message',
        },
      })
      .returning({ id: followers.id }),
  );
}

function previewOf(message: InboundMessage): string {
  return (searchableText(message) ?? `[${message.msgType}]`).slice(0, 140);
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
