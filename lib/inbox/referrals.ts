import { dueTimesFor } from '../service/office-hours';
import type { InquiryService } from '../service/first-answer';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, conversations, messages, referrals } from '../../db/schema';
import type { Tx } from '../jobs/outbox';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';
import type { OutboundPayload } from './outbound';
import { queueReply, type QueuedReply } from './reply';

/** Temporary QR codes live at most 30 days (docs/wechat-protocol.md §6.6); a referral is good for as long. */
const REFERRAL_QR_SECONDS = 2_592_000;
const SCENE = /^ref:(\d{1,15})$/;

export function referralScene(id: number): string {
  return `ref:${id}`;
}

export type ReferralResult =
  | { ok: true; referralId: number; reply: QueuedReply }
  | { ok: false; reason: 'unknown_account' | 'same_account' | 'qr_failed'; code?: string };

/**
 * Refers a citizen's question to another department: a referral row, a follow QR code of the
 * other account whose scene names it (qrcode/create through the API client), and a card to the
 * citizen carrying that code — queued like any reply, so a closed window makes it the passive
 * reply of their next message. The other department sees nothing until the citizen scans.
 */
export async function referConversation(args: {
  db: Db;
  conversation: { id: number; accountId: string; followerId: number };
  toAccountSlug: string;
  question: string;
  note: string | null;
  authorId: string;
  config: WechatApiConfig;
  clientKey?: string;
}): Promise<ReferralResult> {
  const { db, conversation } = args;
  const [target] = await db
    .select({ id: accounts.id, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.slug, args.toAccountSlug), isNull(accounts.disabledAt), eq(accounts.flaggedImpostor, false), eq(accounts.verified, true)))
    .limit(1);
  if (!target) return { ok: false, reason: 'unknown_account' };
  if (target.id === conversation.accountId) return { ok: false, reason: 'same_account' };
  const [referral] = await db
    .insert(referrals)
    .values({
      fromAccountId: conversation.accountId,
      fromConversationId: conversation.id,
      toAccountId: target.id,
      question: args.question,
      note: args.note,
      createdBy: args.authorId,
    })
    .returning({ id: referrals.id });
  let qr: { ticket: string; url: string };
  try {
    const api = await wechatApiFor({ db, accountId: target.id, config: args.config });
    qr = await api.createQrCode({ scene: referralScene(referral!.id), expireSeconds: REFERRAL_QR_SECONDS });
  } catch (error) {
    await db.delete(referrals).where(eq(referrals.id, referral!.id));
    if (error instanceof WechatApiCallError) return { ok: false, reason: 'qr_failed', code: error.code };
    throw error;
  }
  await db.update(referrals).set({ qrTicket: qr.ticket, qrUrl: qr.url }).where(eq(referrals.id, referral!.id));
  const card: OutboundPayload = {
    msgtype: 'news',
    news: {
      articles: [
        {
          title: `请关注「${target.name}」继续咨询`,
          description: `扫码关注后，您的问题会自动转给${target.name}：${args.question.slice(0, 80)}`,
          url: qr.url,
          picurl: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`,
        },
      ],
    },
  };
  const reply = await queueReply({ db, conversation, authorId: args.authorId, payload: card, clientKey: args.clientKey });
  return { ok: true, referralId: referral!.id, reply };
}

/**
 * Ingest hook: a follow or scan with a `ref:<id>` scene reached the referred account. Only a
 * referral addressed to *this* account counts (a scene naming another account's referral does
 * nothing); it opens — or joins — the citizen's conversation here with the question and the
 * trail, once (the copied question is deduplicated like any message).
 */
export async function acceptReferral(args: {
  tx: Tx;
  account: { id: string; service: InquiryService };
  followerId: number;
  scene: string | null;
  at: Date;
}): Promise<number | null> {
  const match = args.scene ? SCENE.exec(args.scene) : null;
  if (!match) return null;
  const { tx, account, at } = args;
  const [referral] = await tx
    .select({ r: referrals, fromName: accounts.name })
    .from(referrals)
    .innerJoin(accounts, eq(accounts.id, referrals.fromAccountId))
    .where(and(eq(referrals.id, Number(match[1])), eq(referrals.toAccountId, account.id), ne(referrals.fromAccountId, account.id)))
    .for('update', { of: referrals });
  if (!referral) return null;
  if (referral.r.toConversationId) return referral.r.toConversationId;
  const preview = `[转介] ${referral.r.question}`.slice(0, 140);
  const [conversation] = await tx
    .insert(conversations)
    .values({
      accountId: account.id,
      followerId: args.followerId,
      status: 'open',
      openedAt: at,
      lastMessageAt: at,
      // Due like any new inquiry here: in this account's working time (docs/citizen-service.md).
      ...dueTimesFor(account.service, at),
      unreadCount: 1,
      preview,
      referredFromId: referral.r.fromConversationId,
    })
    .onConflictDoUpdate({
      target: [conversations.accountId, conversations.followerId],
      targetWhere: sql`status <> 'resolved'`,
      set: {
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, excluded.last_message_at)`,
        unreadCount: sql`${conversations.unreadCount} + 1`,
        preview: sql`excluded.preview`,
        referredFromId: sql`coalesce(${conversations.referredFromId}, excluded.referred_from_id)`,
      },
    })
    .returning({ id: conversations.id });
  await tx
    .insert(messages)
    .values({
      accountId: account.id,
      followerId: args.followerId,
      conversationId: conversation!.id,
      direction: 'inbound',
      dedupKey: `r:${referral.r.id}`,
      msgType: 'referral',
      content: referral.r.question,
      payload: { referralId: referral.r.id, fromAccount: referral.fromName, question: referral.r.question, note: referral.r.note },
      createdAt: at,
    })
    .onConflictDoNothing({ target: [messages.accountId, messages.dedupKey] });
  await tx
    .update(referrals)
    .set({ status: 'accepted', toConversationId: conversation!.id, acceptedAt: at })
    .where(eq(referrals.id, referral.r.id));
  return conversation!.id;
}
