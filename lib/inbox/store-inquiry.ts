import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { rawQuery } from '../../db/raw';
import { conversations, messages } from '../../db/schema';
import { batcherPerHandle, DEFAULT_MAX_IN_FLIGHT, NaturalBatcher } from '../batching/natural-batcher';
import type { Tx } from '../jobs/outbox';
import type { PassiveReply } from '../wechat/reply';
import { passiveReplyOf } from './outbound';
import { takeWaitingReplies } from './reply';

/** What the citizen sent, ready to store (lib/inbox/ingest.ts prepares it). */
export interface InquiryRow {
  accountId: string;
  openid: string;
  dedupKey: string;
  msgType: string;
  content: string | null;
  payload: unknown;
  /** The auto-reply chosen for it, stored so WeChat's retries get the same answer. */
  reply: PassiveReply | null;
  preview: string;
  receivedAt: Date;
  /** WeChat's CreateTime: the follower's 48-hour window runs from when the citizen wrote. */
  sentAt: Date;
  dueAt: Date;
}

export type InquiryOutcome =
  | {
      outcome: 'stored';
      messageId: number;
      followerId: number;
      conversationId: number;
      /** The passive reply stored with the message: the auto-reply, a keyword command's answer, or a staff reply that was waiting. */
      reply: PassiveReply | null;
    }
  /** WeChat re-delivered a message already stored; nothing changed. */
  | { outcome: 'duplicate' };

/** What one row of the statement did; `waiting` rows were left for the transactional write. */
type Written = { outcome: 'written'; messageId: number; followerId: number; conversationId: number } | { outcome: 'waiting' };

/*
 * The one write of a citizen's message (any inquiry type: text, image, voice, video, location,
 * link, keyword commands too): follower upsert, conversation upsert and message insert in one
 * statement, for one message or a batch of them, each from a different citizen. They succeed
 * or fail together, in one round trip with no BEGIN/COMMIT of their own.
 *
 * - A retry of a stored message fails on the unique (account_id, dedup_key) index with 23505,
 *   which undoes the whole statement, conversation increments included; the batcher then
 *   stores the batch's messages one by one, and the retry alone comes out as `duplicate`.
 *   There is deliberately no "already stored?" lookup: PostgreSQL caches a generic plan for a
 *   prepared statement, and one planned on a still-empty messages table scanned the account's
 *   whole history by created_at for every push (measured: 11 million rows read in 5 s of load).
 *   Arbiter indexes (ON CONFLICT) and unique checks involve no plan at all. The price is an
 *   ERROR line in PostgreSQL's log per WeChat retry, which only comes when an answer took > 5 s.
 * - `$12` (hand over) false, as batched: a citizen with a staff reply waiting for them
 *   (`has_waiting_replies`) is left out and comes back `waiting`, for the transactional write
 *   below, which runs this same statement with `$12` true and then hands the reply over.
 *   The flag comes from the row the upsert locked, i.e. the newest committed version, so a
 *   staff reply committed while this statement waited on the follower is seen.
 * - `$13` (question) false: the message is stored without asking staff for anything — no unread
 *   count, no due time, a new conversation opens as `pending` and an existing one keeps its
 *   status. The transactional write uses it for a message a keyword command may answer
 *   (报名 12): a command is not a question (docs/inbox.md, "Keyword commands"). When the command
 *   hook answers nothing after all, `countAsQuestion` below applies what `$13` true would have.
 * - Rows are locked in (account, openid) order, so two batches cannot deadlock on followers.
 * - Parameters are text arrays, cast in SQL, so both drivers serialise them the same way.
 */
const WRITE_INQUIRIES = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
    with ordinality as t(account_id, openid, received_at, dedup_key, msg_type, content, payload, reply, preview, due_at, sent_at, ord)
),
follower as (
  insert into followers (account_id, openid, subscribed, last_inbound_at, last_interaction_at, last_interaction_kind)
  select account_id::uuid, openid, true, sent_at::timestamptz, sent_at::timestamptz, 'message' from input
  order by account_id, openid
  on conflict (account_id, openid) do update set
    last_inbound_at = greatest(followers.last_inbound_at, excluded.last_inbound_at),
    last_interaction_at = greatest(followers.last_interaction_at, excluded.last_interaction_at),
    last_interaction_kind = 'message'
  returning id, account_id, openid, has_waiting_replies
),
fresh as (
  select input.*, follower.id as follower_id from input
  join follower on follower.account_id = input.account_id::uuid and follower.openid = input.openid
  where $12::boolean or not follower.has_waiting_replies
),
conversation as (
  insert into conversations (account_id, follower_id, status, opened_at, last_message_at, last_inbound_at, due_at, unread_count, preview)
  select account_id::uuid, follower_id, case when $13::boolean then 'open' else 'pending' end::conversation_status,
    received_at::timestamptz, received_at::timestamptz, received_at::timestamptz,
    case when $13::boolean then due_at::timestamptz end, case when $13::boolean then 1 else 0 end, preview
  from fresh order by account_id, openid
  on conflict (account_id, follower_id) where status <> 'resolved' do update set
    last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
    last_inbound_at = excluded.last_inbound_at,
    unread_count = conversations.unread_count + excluded.unread_count,
    preview = excluded.preview,
    -- A thread opened by a keyword command has no due time until its first question.
    due_at = coalesce(conversations.due_at, excluded.due_at),
    status = case when $13::boolean and conversations.status = 'pending' then 'open'::conversation_status else conversations.status end
  returning id, follower_id
),
message as (
  insert into messages (account_id, follower_id, conversation_id, direction, dedup_key, msg_type, content, payload, reply, wechat_created_at, created_at)
  select fresh.account_id::uuid, fresh.follower_id, conversation.id, 'inbound', fresh.dedup_key, fresh.msg_type, fresh.content,
    fresh.payload::jsonb, fresh.reply::jsonb, fresh.sent_at::timestamptz, fresh.received_at::timestamptz
  from fresh join conversation on conversation.follower_id = fresh.follower_id
  returning id, follower_id, conversation_id
)
select input.ord::int as ord, follower.id::text as follower_id, follower.has_waiting_replies as waiting,
  message.id::text as message_id, message.conversation_id::text as conversation_id
from input
join follower on follower.account_id = input.account_id::uuid and follower.openid = input.openid
left join message on message.follower_id = follower.id`;

type ResultRow = { ord: number; follower_id: string; waiting: boolean; message_id: string | null; conversation_id: string | null };

async function writeInquiries(db: Db | Tx, rows: readonly InquiryRow[], handOver: boolean, question = true): Promise<Written[]> {
  const column = <T>(pick: (row: InquiryRow) => T) => rows.map(pick);
  const result = await rawQuery<ResultRow>(db, WRITE_INQUIRIES, [
    column((r) => r.accountId),
    column((r) => r.openid),
    column((r) => r.receivedAt.toISOString()),
    column((r) => r.dedupKey),
    column((r) => r.msgType),
    column((r) => r.content),
    column((r) => JSON.stringify(r.payload)),
    column((r) => (r.reply === null ? null : JSON.stringify(r.reply))),
    column((r) => r.preview),
    column((r) => r.dueAt.toISOString()),
    column((r) => r.sentAt.toISOString()),
    handOver,
    question,
  ]);
  const outcomes: Array<Written | undefined> = new Array(rows.length);
  for (const row of result) {
    outcomes[row.ord - 1] =
      row.message_id !== null && row.conversation_id !== null
        ? { outcome: 'written', messageId: Number(row.message_id), followerId: Number(row.follower_id), conversationId: Number(row.conversation_id) }
        : row.waiting && !handOver
          ? { outcome: 'waiting' }
          : undefined;
  }
  return outcomes.map((outcome) => {
    if (!outcome) throw new Error('inquiry write returned no row for a message');
    return outcome;
  });
}

function isRetry(error: unknown): boolean {
  const { code, constraint } = pgErrorOf(error);
  return code === '23505' && constraint === 'messages_account_dedup_key';
}

type LaneOutcome = Written | { outcome: 'duplicate' };

const inquiryBatcher = batcherPerHandle(
  (db: Db) =>
    new NaturalBatcher<InquiryRow, LaneOutcome>({
      runBatch: (rows) => writeInquiries(db, rows, false),
      runAlone: (row) =>
        writeInquiries(db, [row], false).then(
          ([written]) => written!,
          (error: unknown) => {
            if (isRetry(error)) return { outcome: 'duplicate' as const };
            throw error;
          },
        ),
      // One message per citizen in flight: two in one statement would upsert one conversation twice.
      keyOf: (row) => `${row.accountId}\n${row.openid}`,
    }),
);

/**
 * Stores a citizen's message and files it in their open conversation; batched with the
 * messages arriving meanwhile (lib/batching/natural-batcher.ts). A citizen with a staff reply
 * waiting for them is stored in a transaction of its own that hands that reply over.
 */
export async function storeInquiry(db: Db, row: InquiryRow): Promise<InquiryOutcome> {
  const written = await inquiryBatcher(db).write(row);
  if (written.outcome === 'duplicate') return written;
  if (written.outcome === 'written') return { ...written, outcome: 'stored', reply: row.reply };
  return db.transaction((tx) => storeInquiryIn(tx, row));
}

/**
 * The same write inside the caller's transaction, followed by the hand-over: the oldest staff
 * reply waiting for this citizen becomes the passive reply of this message (stored on the row,
 * so WeChat's retries get the same answer) and the rest go out through custom/send in the
 * window this message just opened (lib/inbox/reply.ts). `answer` runs between the two — a
 * keyword command (报名 12) answering instead of the auto-reply; when it answers, the waiting
 * replies all go through custom/send.
 *
 * A message the hook answers is a command, not a question for staff: it is written without
 * unread count or due time (`$13` false) and marked `event = 'command'`, so the conversation
 * view shows it as one (lib/inbox/detail.ts). One the hook leaves unanswered is counted as a
 * question after all, in this same transaction, under the conversation row lock the write took.
 */
export async function storeInquiryIn(
  tx: Tx,
  row: InquiryRow,
  answer?: (stored: { messageId: number; followerId: number }) => Promise<PassiveReply | null>,
): Promise<InquiryOutcome> {
  let written: Written;
  try {
    // A savepoint, so a retry's unique violation leaves the caller's transaction usable.
    [written] = (await tx.transaction((savepoint) => writeInquiries(savepoint, [row], true, answer === undefined))) as [Written];
  } catch (error) {
    if (isRetry(error)) return { outcome: 'duplicate' };
    throw error;
  }
  if (written.outcome !== 'written') throw new Error('inquiry write left a message unwritten');
  const commandReply = answer ? await answer(written) : null;
  if (answer && commandReply === null) await countAsQuestion(tx, written.conversationId, row.dueAt);
  const waiting = await takeWaitingReplies({ tx, accountId: row.accountId, followerId: written.followerId, at: row.receivedAt, passive: commandReply === null });
  const reply = commandReply ?? (waiting ? passiveReplyOf(waiting) : row.reply);
  if (commandReply !== null) await tx.update(messages).set({ reply, event: COMMAND_EVENT }).where(eq(messages.id, written.messageId));
  else if (reply !== row.reply) await tx.update(messages).set({ reply }).where(eq(messages.id, written.messageId));
  return { ...written, outcome: 'stored', reply };
}

/**
 * `messages.event` of a citizen's message that a keyword command answered (its `reply` is the
 * command's answer). A typed message has no event of its own, so the column is free to say so.
 */
export const COMMAND_EVENT = 'command';

/** What WRITE_INQUIRIES does to the conversation for a question (`$13` true), applied afterwards. */
async function countAsQuestion(tx: Tx, conversationId: number, dueAt: Date): Promise<void> {
  await tx
    .update(conversations)
    .set({
      unreadCount: sql`${conversations.unreadCount} + 1`,
      dueAt: sql`coalesce(${conversations.dueAt}, ${dueAt.toISOString()}::timestamptz)`,
      status: sql`case when ${conversations.status} = 'pending' then 'open'::conversation_status else ${conversations.status} end`,
    })
    .where(eq(conversations.id, conversationId));
}

export function inquiryBatchStats(db: Db): Readonly<NaturalBatcher<InquiryRow, LaneOutcome>['stats']> {
  return { ...inquiryBatcher(db).stats };
}

/** How many messages go out alone before batching starts (tests line up a batch behind them). */
export const INQUIRY_BATCHES_IN_FLIGHT = DEFAULT_MAX_IN_FLIGHT;
