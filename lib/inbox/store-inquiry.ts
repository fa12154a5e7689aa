import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { rawQuery } from '../../db/raw';

/** What the citizen sent, ready to store (lib/inbox/ingest.ts prepares it). */
export interface InquiryRow {
  accountId: string;
  openid: string;
  dedupKey: string;
  msgType: string;
  content: string | null;
  payload: unknown;
  /** The auto-reply chosen for it, stored so WeChat's retries get the same answer. */
  reply: unknown;
  preview: string;
  receivedAt: Date;
  /** WeChat's CreateTime: the follower's 48-hour window runs from when the citizen wrote. */
  sentAt: Date;
  dueAt: Date;
}

export type InquiryLaneOutcome =
  | { outcome: 'stored'; messageId: number; followerId: number; conversationId: number }
  /** WeChat re-delivered a message already stored; nothing changed. */
  | { outcome: 'duplicate' }
  /** A staff reply may be waiting to answer this message: only the transactional path can hand it out. */
  | { outcome: 'needs_transaction' };

/*
 * One statement, so one round trip and no BEGIN/COMMIT: the follower upsert, the conversation
 * upsert and the message insert succeed or fail together. Under load the webhook was bound by
 * per-statement CPU and socket writes, not by PostgreSQL (README, "Benchmarks").
 *
 * - A retry of a stored message fails on the unique (account_id, dedup_key) index with 23505,
 *   which undoes the whole statement, its conversation increment included; concurrent
 *   deliveries race on the same index and all but one fail the same way. There is deliberately
 *   no "already stored?" lookup: PostgreSQL caches a generic plan for a prepared statement, and
 *   one planned on a still-empty messages table scanned the account's whole history by
 *   created_at for every push (measured: 11 million rows read in 5 s of load). Arbiter indexes
 *   (ON CONFLICT) and unique checks involve no plan at all. The price is an ERROR line in
 *   PostgreSQL's log for each WeChat retry, which happens only when an answer took over 5 s.
 * - `has_waiting_replies` comes from the row the upsert locked, i.e. the newest committed
 *   version, so a staff reply committed while this statement waited on the follower is seen.
 * - The follower upsert is the one ingest.ts runs for an inquiry; it is idempotent, so when the
 *   statement hands over (`needs_transaction`) the transactional path can run it again.
 */
const STORE_INQUIRY = `
with follower as (
  insert into followers (account_id, openid, subscribed, last_inbound_at, last_interaction_at, last_interaction_kind)
  values ($1::uuid, $2::text, true, $11::timestamptz, $11::timestamptz, 'message')
  on conflict (account_id, openid) do update set
    last_inbound_at = greatest(followers.last_inbound_at, excluded.last_inbound_at),
    last_interaction_at = greatest(followers.last_interaction_at, excluded.last_interaction_at),
    last_interaction_kind = 'message'
  returning id, has_waiting_replies
),
fresh as (
  select follower.id from follower where not follower.has_waiting_replies
),
conversation as (
  insert into conversations (account_id, follower_id, status, opened_at, last_message_at, last_inbound_at, due_at, unread_count, preview)
  select $1::uuid, fresh.id, 'open', $3::timestamptz, $3::timestamptz, $3::timestamptz, $10::timestamptz, 1, $9::text from fresh
  on conflict (account_id, follower_id) where status <> 'resolved' do update set
    last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
    last_inbound_at = excluded.last_inbound_at,
    unread_count = conversations.unread_count + 1,
    preview = excluded.preview,
    status = case when conversations.status = 'pending' then 'open'::conversation_status else conversations.status end
  returning id, follower_id
),
message as (
  insert into messages (account_id, follower_id, conversation_id, direction, dedup_key, msg_type, content, payload, reply, wechat_created_at, created_at)
  select $1::uuid, conversation.follower_id, conversation.id, 'inbound', $4::text, $5::text, $6::text, $7::text::jsonb, $8::text::jsonb, $11::timestamptz, $3::timestamptz
  from conversation
  returning id, conversation_id
)
select follower.id::text as follower_id, follower.has_waiting_replies as waiting,
  (select id::text from message) as message_id, (select conversation_id::text from message) as conversation_id
from follower`;

/**
 * Stores a citizen's message (any inquiry type that is not an event command) and files it in
 * their open conversation, in a single statement. Needs the top-level handle, not a transaction.
 */
export async function storeInquiry(db: Db, row: InquiryRow): Promise<InquiryLaneOutcome> {
  let result: Array<{ follower_id: string; waiting: boolean; message_id: string | null; conversation_id: string | null }>;
  try {
    result = await rawQuery(db, STORE_INQUIRY, [
      row.accountId,
      row.openid,
      row.receivedAt.toISOString(),
      row.dedupKey,
      row.msgType,
      row.content,
      JSON.stringify(row.payload),
      row.reply === null ? null : JSON.stringify(row.reply),
      row.preview,
      row.dueAt.toISOString(),
      row.sentAt.toISOString(),
    ]);
  } catch (error) {
    const { code, constraint } = pgErrorOf(error);
    if (code === '23505' && constraint === 'messages_account_dedup_key') return { outcome: 'duplicate' };
    throw error;
  }
  const [stored] = result;
  if (!stored) throw new Error('follower upsert returned no row');
  if (stored.waiting) return { outcome: 'needs_transaction' };
  if (stored.message_id === null || stored.conversation_id === null) throw new Error('inquiry insert returned no row');
  return { outcome: 'stored', messageId: Number(stored.message_id), followerId: Number(stored.follower_id), conversationId: Number(stored.conversation_id) };
}
