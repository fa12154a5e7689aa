import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { rawQuery } from '../../db/raw';
import { conversations, messages } from '../../db/schema';
import { batcherPerHandle, DEFAULT_MAX_IN_FLIGHT, NaturalBatcher } from '../batching/natural-batcher';
import type { Tx } from '../jobs/outbox';
import { redrawCaseNumber } from '../service/case-number';
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
  /** When the inquiry should be resolved (working days, docs/citizen-service.md). */
  resolutionDueAt?: Date | null;
  /**
   * A freshly drawn case number, kept only when this message opens the inquiry (the first
   * question of a conversation that has none); then `caseReply`, when set, replaces `reply`.
   */
  caseNumber?: string | null;
  caseReply?: PassiveReply | null;
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
type Written =
  | { outcome: 'written'; messageId: number; followerId: number; conversationId: number; reply: PassiveReply | null; caseNumber: string | null }
  | { outcome: 'waiting' };

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
 * - Case numbers (docs/citizen-service.md): each row brings a freshly drawn number (`$14`); the
 *   conversation keeps it only if it has none yet and this message is a question, and then the
 *   message stores `$15` (the answer with the case line) as its reply instead of `$8`. A number
 *   another conversation of the account already has fails the statement on
 *   conversations_case_number_key; the rows are then written alone with a fresh draw.
 * - Rows are locked in (account, openid) order, so two batches cannot deadlock on followers.
 * - Parameters are text arrays, cast in SQL, so both drivers serialise them the same way.
 */
const WRITE_INQUIRIES = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $14::text[], $15::text[], $16::text[])
    with ordinality as t(account_id, openid, received_at, dedup_key, msg_type, content, payload, reply, preview, due_at, sent_at, case_number, case_reply, resolution_due_at, ord)
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
  insert into conversations (account_id, follower_id, status, opened_at, last_message_at, last_inbound_at, due_at, resolution_due_at, case_number, unread_count, preview)
  select account_id::uuid, follower_id, case when $13::boolean then 'open' else 'pending' end::conversation_status,
    received_at::timestamptz, received_at::timestamptz, received_at::timestamptz,
    case when $13::boolean then due_at::timestamptz end, case when $13::boolean then resolution_due_at::timestamptz end,
    case when $13::boolean then case_number end, case when $13::boolean then 1 else 0 end, preview
  from fresh order by account_id, openid
  on conflict (account_id, follower_id) where status <> 'resolved' do update set
    last_message_at = greatest(conversations.last_message_at, excluded.last_message_at),
    last_inbound_at = excluded.last_inbound_at,
    unread_count = conversations.unread_count + excluded.unread_count,
    preview = excluded.preview,
    -- A thread opened by a keyword command has no due time until its first question.
    due_at = coalesce(conversations.due_at, excluded.due_at),
    resolution_due_at = coalesce(conversations.resolution_due_at, excluded.resolution_due_at),
    case_number = coalesce(conversations.case_number, excluded.case_number),
    status = case when $13::boolean and conversations.status = 'pending' then 'open'::conversation_status else conversations.status end
  returning id, follower_id, case_number
),
message as (
  insert into messages (account_id, follower_id, conversation_id, direction, dedup_key, msg_type, content, payload, reply, wechat_created_at, created_at)
  select fresh.account_id::uuid, fresh.follower_id, conversation.id, 'inbound', fresh.dedup_key, fresh.msg_type, fresh.content,
    fresh.payload::jsonb,
    case when fresh.case_reply is not null and conversation.case_number = fresh.case_number then fresh.case_reply else fresh.reply end::jsonb,
    fresh.sent_at::timestamptz, fresh.received_at::timestamptz
  from fresh join conversation on conversation.follower_id = fresh.follower_id
  returning id, follower_id, conversation_id
)
select input.ord::int as ord, follower.id::text as follower_id, follower.has_waiting_replies as waiting,
  message.id::text as message_id, message.conversation_id::text as conversation_id,
  coalesce(conversation.case_number = input.case_number, false) as case_assigned
from input
join follower on follower.account_id = input.account_id::uuid and follower.openid = input.openid
left join message on message.follower_id = follower.id
left join conversation on conversation.id = message.conversation_id`;

type ResultRow = { ord: number; follower_id: string; waiting: boolean; message_id: string | null; conversation_id: string | null; case_assigned: boolean };

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
    column((r) => r.caseNumber ?? null),
    column((r) => (r.caseReply ? JSON.stringify(r.caseReply) : null)),
    column((r) => r.resolutionDueAt?.toISOString() ?? null),
  ]);
  const outcomes: Array<Written | undefined> = new Array(rows.length);
  for (const row of result) {
    const source = rows[row.ord - 1]!;
    const caseAssigned = row.case_assigned && Boolean(source.caseNumber);
    outcomes[row.ord - 1] =
      row.message_id !== null && row.conversation_id !== null
        ? {
            outcome: 'written',
            messageId: Number(row.message_id),
            followerId: Number(row.follower_id),
            conversationId: Number(row.conversation_id),
            reply: caseAssigned && source.caseReply ? source.caseReply : source.reply,
            caseNumber: caseAssigned ? source.caseNumber! : null,
          }
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

function isCaseNumberClash(error: unknown): boolean {
  const { code, constraint } = pgErrorOf(error);
  return code === '23505' && constraint === 'conversations_case_number_key';
}

/** Draws of a case number before giving up: two clashes in a row are already one in ~10¹¹. */
const CASE_NUMBER_DRAWS = 5;

/** The same row with another case number, in its answer too. */
function withRedrawnCaseNumber(row: InquiryRow): InquiryRow {
  if (!row.caseNumber) return row;
  const next = redrawCaseNumber(row.caseNumber);
  const caseReply = !row.caseReply ? null : (JSON.parse(JSON.stringify(row.caseReply).replaceAll(row.caseNumber, next)) as PassiveReply);
  return { ...row, caseNumber: next, caseReply };
}

/** Runs `write` with the row, drawing a new case number when the drawn one is taken. */
async function withCaseNumberRetry<T>(row: InquiryRow, write: (row: InquiryRow) => Promise<T>): Promise<T> {
  for (let draw = 1; ; draw++) {
    try {
      return await write(row);
    } catch (error) {
      if (!isCaseNumberClash(error) || draw >= CASE_NUMBER_DRAWS) throw error;
      row = withRedrawnCaseNumber(row);
    }
  }
}

type LaneOutcome = Written | { outcome: 'duplicate' };

const inquiryBatcher = batcherPerHandle(
  (db: Db) =>
    new NaturalBatcher<InquiryRow, LaneOutcome>({
      runBatch: (rows) => writeInquiries(db, rows, false),
      runAlone: (row) =>
        withCaseNumberRetry(row, (r) => writeInquiries(db, [r], false)).then(
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
  if (written.outcome === 'written') return { ...written, outcome: 'stored' };
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
    [written] = (await withCaseNumberRetry(row, (r) => tx.transaction((savepoint) => writeInquiries(savepoint, [r], true, answer === undefined)))) as [Written];
  } catch (error) {
    if (isRetry(error)) return { outcome: 'duplicate' };
    throw error;
  }
  if (written.outcome !== 'written') throw new Error('inquiry write left a message unwritten');
  const commandReply = answer ? await answer(written) : null;
  let ownReply = written.reply;
  if (answer && commandReply === null) ownReply = await countAsQuestion(tx, written.conversationId, row);
  const waiting = await takeWaitingReplies({ tx, accountId: row.accountId, followerId: written.followerId, at: row.receivedAt, passive: commandReply === null });
  const reply = commandReply ?? (waiting ? passiveReplyOf(waiting) : ownReply);
  if (commandReply !== null) await tx.update(messages).set({ reply, event: COMMAND_EVENT }).where(eq(messages.id, written.messageId));
  else if (reply !== row.reply) await tx.update(messages).set({ reply }).where(eq(messages.id, written.messageId));
  return { outcome: 'stored', messageId: written.messageId, followerId: written.followerId, conversationId: written.conversationId, reply };
}

/**
 * `messages.event` of a citizen's message that a keyword command answered (its `reply` is the
 * command's answer). A typed message has no event of its own, so the column is free to say so.
 */
export const COMMAND_EVENT = 'command';

/**
 * What WRITE_INQUIRIES does to the conversation for a question (`$13` true), applied afterwards;
 * returns the message's own answer (with the case line when this question opened the case).
 */
async function countAsQuestion(tx: Tx, conversationId: number, row: InquiryRow): Promise<PassiveReply | null> {
  const assigned = await withCaseNumberRetry(row, (r) =>
    tx.transaction(async (savepoint) => {
      const [updated] = await savepoint
        .update(conversations)
        .set({
          unreadCount: sql`${conversations.unreadCount} + 1`,
          dueAt: sql`coalesce(${conversations.dueAt}, ${r.dueAt.toISOString()}::timestamptz)`,
          resolutionDueAt: sql`coalesce(${conversations.resolutionDueAt}, ${r.resolutionDueAt?.toISOString() ?? null}::timestamptz)`,
          caseNumber: sql`coalesce(${conversations.caseNumber}, ${r.caseNumber ?? null}::text)`,
          status: sql`case when ${conversations.status} = 'pending' then 'open'::conversation_status else ${conversations.status} end`,
        })
        .where(eq(conversations.id, conversationId))
        .returning({ caseNumber: conversations.caseNumber });
      return r.caseNumber && updated?.caseNumber === r.caseNumber ? r : null;
    }),
  );
  return assigned?.caseReply ?? row.reply;
}

export function inquiryBatchStats(db: Db): Readonly<NaturalBatcher<InquiryRow, LaneOutcome>['stats']> {
  return { ...inquiryBatcher(db).stats };
}

/** How many messages go out alone before batching starts (tests line up a batch behind them). */
export const INQUIRY_BATCHES_IN_FLIGHT = DEFAULT_MAX_IN_FLIGHT;
