import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { quarantinedPayloads } from '../../db/schema';
import { accountForStaff, type Staff } from '../auth/access';

/** How much of a payload the page shows; the row keeps all of it (docs/admin.md). */
export const QUARANTINE_PREVIEW_CHARS = 4096;
export const QUARANTINE_PAGE_SIZE = 20;

export interface QuarantinedRow {
  id: number;
  reason: string;
  receivedAt: Date;
  /** The first QUARANTINE_PREVIEW_CHARS characters, as received (render as text, never HTML). */
  preview: string;
  length: number;
}

/**
 * Authenticated pushes the webhook could not parse (lib/inbox/ingest.ts quarantinePayload), newest
 * first, for an account admin of that account or a platform admin; null otherwise (→ 404).
 * Only the preview leaves the database: a payload may be up to the webhook's body limit.
 */
export async function listQuarantined(args: {
  db: Db;
  staff: Staff;
  slug: string;
  before?: number;
  ip?: string | null;
  limit?: number;
}): Promise<{ rows: QuarantinedRow[]; nextBefore: number | null } | null> {
  const access = await accountForStaff({ db: args.db, staff: args.staff, slug: args.slug, action: 'quarantine.view', ip: args.ip });
  if (!access) return null;
  const limit = args.limit ?? QUARANTINE_PAGE_SIZE;
  // Ids are an identity column, so id order is arrival order and a safe keyset on its own.
  const rows = await args.db
    .select({
      id: quarantinedPayloads.id,
      reason: quarantinedPayloads.reason,
      receivedAt: quarantinedPayloads.receivedAt,
      preview: sql<string>`left(${quarantinedPayloads.payload}, ${QUARANTINE_PREVIEW_CHARS})`,
      length: sql<number>`char_length(${quarantinedPayloads.payload})`,
    })
    .from(quarantinedPayloads)
    .where(
      and(
        eq(quarantinedPayloads.accountId, access.account.id),
        args.before !== undefined && Number.isSafeInteger(args.before) ? sql`${quarantinedPayloads.id} < ${args.before}` : undefined,
      ),
    )
    .orderBy(desc(quarantinedPayloads.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({ ...r, id: Number(r.id), length: Number(r.length) }));
  return { rows: page, nextBefore: rows.length > limit ? page.at(-1)!.id : null };
}
