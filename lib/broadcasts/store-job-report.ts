import type { Db } from '../../db/client';
import { rawQuery } from '../../db/raw';
import { batcherPerHandle, NaturalBatcher } from '../batching/natural-batcher';

/**
 * A platform report about a send job: MASSSENDJOBFINISH once per broadcast, and
 * TEMPLATESENDJOBFINISH once per template message, i.e. per follower — after a large send they
 * come as a storm, several thousand a second (docs/wechat-protocol.md §3.4).
 */
export interface JobReportRow {
  accountId: string;
  /** The follower a template report is about; the mass-send helper for MASSSENDJOBFINISH. */
  openid: string;
  dedupKey: string;
  event: 'MASSSENDJOBFINISH' | 'TEMPLATESENDJOBFINISH';
  payload: unknown;
  sentAt: Date;
  receivedAt: Date;
  msgId: string;
  status: string;
  /** MASSSENDJOBFINISH's delivery counts; null for template reports. */
  counts: { total: number; filter: number; sent: number; error: number } | null;
}

export type JobReportOutcome = { outcome: 'stored' } | { outcome: 'duplicate' };

/*
 * One statement for a batch of reports: each stored once (the unique (account_id, dedup_key)
 * index, ON CONFLICT DO NOTHING: a report has no side effects to undo, so a retry needs no
 * failure), linked to its follower when there is one — a report is not the citizen
 * interacting, so the follower row is read, never written — and a broadcast's counts filled in
 * from a report stored by this statement. Matched on (account, WeChat msg id) only: a report
 * for another tenant's or an unknown broadcast changes nothing and stays as an unmatched event
 * row (docs/reliability.md D7).
 */
const WRITE_JOB_REPORTS = `
with input as (
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
    with ordinality as t(account_id, openid, dedup_key, event, payload, sent_at, received_at, msg_id, status, total_count, filter_count, sent_count, error_count, ord)
),
stored as (
  insert into messages (account_id, follower_id, direction, dedup_key, msg_type, event, payload, wechat_created_at, created_at)
  select input.account_id::uuid, followers.id, 'inbound', input.dedup_key, 'event', input.event, input.payload::jsonb,
    input.sent_at::timestamptz, input.received_at::timestamptz
  from input
  left join followers on followers.account_id = input.account_id::uuid and followers.openid = input.openid
  on conflict (account_id, dedup_key) do nothing
  returning account_id, dedup_key
),
counted as (
  update broadcasts set
    status = case when input.status = 'send success' then 'sent'::broadcast_status else 'failed'::broadcast_status end,
    total_count = input.total_count::int,
    filter_count = input.filter_count::int,
    sent_count = input.sent_count::int,
    error_count = input.error_count::int,
    report_status = left(input.status, 200)
  from input join stored on stored.account_id = input.account_id::uuid and stored.dedup_key = input.dedup_key
  where input.event = 'MASSSENDJOBFINISH' and broadcasts.account_id = input.account_id::uuid and broadcasts.wechat_msg_id = input.msg_id
  returning broadcasts.id
)
select input.ord::int as ord, stored.dedup_key is not null as stored
from input left join stored on stored.account_id = input.account_id::uuid and stored.dedup_key = input.dedup_key`;

async function writeJobReports(db: Db, rows: readonly JobReportRow[]): Promise<JobReportOutcome[]> {
  const column = (pick: (row: JobReportRow) => string | null) => rows.map(pick);
  const count = (pick: (c: NonNullable<JobReportRow['counts']>) => number) => column((r) => (r.counts ? String(pick(r.counts)) : null));
  const result = await rawQuery<{ ord: number; stored: boolean }>(db, WRITE_JOB_REPORTS, [
    column((r) => r.accountId),
    column((r) => r.openid),
    column((r) => r.dedupKey),
    column((r) => r.event),
    column((r) => JSON.stringify(r.payload)),
    column((r) => r.sentAt.toISOString()),
    column((r) => r.receivedAt.toISOString()),
    column((r) => r.msgId),
    column((r) => r.status),
    count((c) => c.total),
    count((c) => c.filter),
    count((c) => c.sent),
    count((c) => c.error),
  ]);
  const outcomes: JobReportOutcome[] = new Array(rows.length);
  for (const row of result) outcomes[row.ord - 1] = { outcome: row.stored ? 'stored' : 'duplicate' };
  return outcomes;
}

const jobReportBatcher = batcherPerHandle(
  (db: Db) =>
    new NaturalBatcher<JobReportRow, JobReportOutcome>({
      runBatch: (rows) => writeJobReports(db, rows),
      runAlone: async (row) => (await writeJobReports(db, [row]))[0]!,
      // A concurrent retry of one report waits for the first delivery instead of sharing its statement.
      keyOf: (row) => `${row.accountId}\n${row.dedupKey}`,
    }),
);

/** Stores a job report exactly once, batched with the reports arriving meanwhile. */
export function storeJobReport(db: Db, row: JobReportRow): Promise<JobReportOutcome> {
  return jobReportBatcher(db).write(row);
}

export function jobReportBatchStats(db: Db): Readonly<NaturalBatcher<JobReportRow, JobReportOutcome>['stats']> {
  return { ...jobReportBatcher(db).stats };
}
