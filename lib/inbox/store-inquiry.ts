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
 * One statement for a batch of messages, each from a different citizen: the follower upserts,
 * the conversation upserts and the message inserts succeed or fail together, in one round trip
 * with no BEGIN/COMMIT. Under load the webhook was bound by per-statement CPU, in the app and
 * in PostgreSQL, not by the rows themselves (README, "Benchmarks").
 *
 * - A retry of a stored message fails on the unique (account_id, dedup_key) index with 23505,
 *   which undoes the whole statement, conversation increments included; the batcher then
 *   stores the batch's messages one by one, and the retry alone comes out as `duplicate`.
 *   There is deliberately no "already stored?" lookup: PostgreSQL caches a generic plan for a
 *   prepared statement, and one planned on a still-empty messages table scanned the account's
 *   whole history by created_at for every push (measured: 11 million rows read in 5 s of load).
 *   Arbiter indexes (ON CONFLICT) and unique checks involve no plan at all. The price is an
 *   ERROR line in PostgreSQL's log per WeChat retry, which only comes when an answer took > 5 s.
 * - `has_waiting_replies` comes from the row the upsert locked, i.e. the newest committed
 *   version, so a staff reply committed while this statement waited on the follower is seen.
 * - The follower upsert is the one ingest.ts runs for an inquiry; it is idempotent, so a
 *   message handed over (`needs_transaction`) can run it again on the transactional path.
 * - Rows are locked in (account, openid) order, so two batches cannot deadlock on followers.
 * - Parameters are text arrays, cast in SQL, so both drivers serialise them the same way.
 */
const STORE_INQUIRIES = `
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
  where not follower.has_waiting_replies
),
conversation as (
  insert into conversations (account_id, follower_id, status, opened_at, last_message_at, last_inbound_at, due_at, unread_count, preview)
  select account_id::uuid, follower_id, 'open', received_at::timestamptz, received_at::timestamptz, received_at::timestamptz, due_at::timestamptz, 1, preview
  from fresh order by account_id, openid
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

async function runBatch(db: Db, rows: readonly InquiryRow[]): Promise<InquiryLaneOutcome[]> {
  const column = <T>(pick: (row: InquiryRow) => T) => rows.map(pick);
  const result = await rawQuery<ResultRow>(db, STORE_INQUIRIES, [
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
  ]);
  const outcomes: Array<InquiryLaneOutcome | undefined> = new Array(rows.length);
  for (const row of result) {
    outcomes[row.ord - 1] = row.waiting
      ? { outcome: 'needs_transaction' }
      : row.message_id !== null && row.conversation_id !== null
        ? { outcome: 'stored', messageId: Number(row.message_id), followerId: Number(row.follower_id), conversationId: Number(row.conversation_id) }
        : undefined;
  }
  return outcomes.map((outcome) => {
    if (!outcome) throw new Error('inquiry batch returned no row for a message');
    return outcome;
  });
}

async function storeAlone(db: Db, row: InquiryRow): Promise<InquiryLaneOutcome> {
  try {
    const [outcome] = await runBatch(db, [row]);
    return outcome!;
  } catch (error) {
    const { code, constraint } = pgErrorOf(error);
    if (code === '23505' && constraint === 'messages_account_dedup_key') return { outcome: 'duplicate' };
    throw error;
  }
}

interface Pending {
  row: InquiryRow;
  resolve: (outcome: InquiryLaneOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Batches running at once. Fewer means bigger batches and less CPU per message: measured with
 * bench:webhook's load, 1 and 2 both gave about 1,900 req/s and 4 gave 1,700. Two, so one slow
 * statement (an fsync stall) does not hold up every push.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 64;
/**
 * A batch running longer than this no longer holds its slot: it is probably waiting on a row
 * lock (a staff transaction on one of its citizens), and the other citizens' pushes must not
 * wait with it for WeChat's 5 seconds to run out. Normal batches take a few milliseconds.
 */
const STALLED_AFTER_MS = 250;

/**
 * Natural batching: a push is sent at once while fewer than MAX_IN_FLIGHT batches are running,
 * so a quiet account waits for nothing; under load, pushes that arrive meanwhile go together
 * in the next batch. A citizen has one message in flight at a time (two in one statement would
 * upsert one conversation twice); their next message waits for it, so a citizen's messages are
 * stored in the order they arrived, even when a batch fails and is stored message by message. If a batch fails — a WeChat retry among them, a deadlock, a
 * bad row — each of its messages is stored alone, so one message's problem is only its own.
 */
class InquiryBatcher {
  private queue: Pending[] = [];
  /** Start times of the batches running now. */
  private running = new Set<{ startedAt: number }>();
  /** Citizens with a message being stored: their next one waits, so it cannot overtake. */
  private busy = new Set<string>();
  /** For tests and diagnostics: how batching went since start. */
  readonly stats = { statements: 0, largestBatch: 0, failedBatches: 0 };

  constructor(private readonly db: Db) {}

  store(row: InquiryRow): Promise<InquiryLaneOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.activeBatches() < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return; // all queued messages are from citizens already in flight
      const entry = { startedAt: performance.now() };
      this.running.add(entry);
      for (const p of batch) this.busy.add(citizenOf(p.row));
      // Wakes the queue when this batch counts as stalled, in case nothing else does.
      const stalled = setTimeout(() => this.pump(), STALLED_AFTER_MS + 1);
      stalled.unref();
      void this.run(batch).finally(() => {
        clearTimeout(stalled);
        this.running.delete(entry);
        for (const p of batch) this.busy.delete(citizenOf(p.row));
        this.pump();
      });
    }
  }

  private activeBatches(): number {
    const now = performance.now();
    let active = 0;
    for (const { startedAt } of this.running) if (now - startedAt < STALLED_AFTER_MS) active += 1;
    return active;
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const citizens = new Set<string>();
    const rest: Pending[] = [];
    for (const pending of this.queue) {
      const citizen = citizenOf(pending.row);
      if (batch.length < MAX_BATCH && !citizens.has(citizen) && !this.busy.has(citizen)) {
        citizens.add(citizen);
        batch.push(pending);
      } else rest.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    if (batch.length > 1) {
      try {
        this.stats.statements += 1;
        const outcomes = await runBatch(this.db, batch.map((p) => p.row));
        batch.forEach((p, i) => p.resolve(outcomes[i]!));
        return;
      } catch {
        // Fall through: each message on its own, so the failure lands where it belongs.
        this.stats.failedBatches += 1;
      }
    }
    this.stats.statements += batch.length;
    await Promise.all(
      batch.map((p) =>
        storeAlone(this.db, p.row).then(p.resolve, p.reject),
      ),
    );
  }
}

function citizenOf(row: InquiryRow): string {
  return `${row.accountId}\n${row.openid}`;
}

const batchers = new WeakMap<Db, InquiryBatcher>();

function batcherOf(db: Db): InquiryBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new InquiryBatcher(db)));
  return batcher;
}

/**
 * Stores a citizen's message (any inquiry type that is not an event command) and files it in
 * their open conversation. Needs the top-level handle, not a transaction.
 */
export function storeInquiry(db: Db, row: InquiryRow): Promise<InquiryLaneOutcome> {
  return batcherOf(db).store(row);
}

export function inquiryBatchStats(db: Db): Readonly<InquiryBatcher['stats']> {
  return { ...batcherOf(db).stats };
}

/** How many messages go out alone before batching starts (tests line up a batch behind them). */
export const INQUIRY_BATCHES_IN_FLIGHT = MAX_IN_FLIGHT;
