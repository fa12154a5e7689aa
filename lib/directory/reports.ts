import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accountReports, accounts, lookalikeReviews } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { anonymousClientKey, hit } from '../auth/rate-limit';

/** A citizen may report five accounts an hour: enough for real use, too few to flood staff. */
export const REPORT_LIMIT = 5;
export const REPORT_WINDOW_SECONDS = 3600;

export const ReportInput = z.object({
  name: z.string().trim().min(1).max(100),
  wechatId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
  reason: z.string().trim().min(2).max(1000),
});
export type ReportInput = z.infer<typeof ReportInput>;

/**
 * The reporter is remembered only as a keyed hash of their IP: enough to rate-limit and to see
 * that one source filed many reports, while the raw address (personal data) is never stored.
 */
export function reporterKey(ip: string, secret: string): string {
  return anonymousClientKey('report', ip, secret);
}

export type ReportOutcome = { ok: true; id: number } | { ok: false; reason: 'rate_limited' };

export async function createReport(args: { db: Db; input: ReportInput; reporter: string; now?: Date }): Promise<ReportOutcome> {
  const count = await hit({ db: args.db, key: `report:${args.reporter}`, windowSeconds: REPORT_WINDOW_SECONDS, now: args.now });
  if (count > REPORT_LIMIT) return { ok: false, reason: 'rate_limited' };
  const [row] = await args.db
    .insert(accountReports)
    .values({ reportedName: args.input.name, reportedWechatId: args.input.wechatId ?? null, reason: args.input.reason, reporterKey: args.reporter })
    .returning({ id: accountReports.id });
  return { ok: true, id: row!.id };
}

export async function listReports(args: { db: Db; status?: 'open' | 'confirmed_impostor' | 'dismissed'; limit?: number }) {
  return args.db
    .select()
    .from(accountReports)
    .where(args.status ? eq(accountReports.status, args.status) : undefined)
    .orderBy(desc(accountReports.createdAt), desc(accountReports.id))
    .limit(args.limit ?? 100);
}

/**
 * A platform admin closes a report. Confirming an impostor that is a listed account also
 * flags it, so every public surface shows it as not official from then on.
 */
export async function resolveReport(args: {
  db: Db;
  id: number;
  decision: 'confirmed_impostor' | 'dismissed';
  actorId: string;
  ip?: string | null;
  now?: Date;
}): Promise<boolean> {
  const now = args.now ?? new Date();
  return args.db.transaction(async (tx) => {
    const [report] = await tx
      .update(accountReports)
      .set({ status: args.decision, resolvedBy: args.actorId, resolvedAt: now })
      .where(and(eq(accountReports.id, args.id), eq(accountReports.status, 'open')))
      .returning();
    if (!report) return false;
    let flaggedAccountId: string | null = null;
    if (args.decision === 'confirmed_impostor' && report.reportedWechatId) {
      const [flagged] = await tx
        .update(accounts)
        .set({ flaggedImpostor: true, updatedAt: now })
        .where(and(eq(accounts.wechatId, report.reportedWechatId), eq(accounts.verified, false)))
        .returning({ id: accounts.id });
      flaggedAccountId = flagged?.id ?? null;
    }
    await recordAudit({
      db: tx as unknown as Db,
      action: 'directory.report_resolved',
      actorId: args.actorId,
      accountId: flaggedAccountId,
      entityType: 'account_report',
      entityId: report.id,
      detail: { decision: args.decision },
      ip: args.ip ?? null,
    });
    return true;
  });
}

/** A platform admin's call on a look-alike pair; "impostor" flags the unverified account. */
export async function reviewLookalike(args: {
  db: Db;
  accountId: string;
  officialAccountId: string;
  decision: 'impostor' | 'not_impostor';
  actorId: string;
  ip?: string | null;
}): Promise<boolean> {
  return args.db.transaction(async (tx) => {
    const [account] = await tx
      .select({ id: accounts.id, verified: accounts.verified })
      .from(accounts)
      .where(eq(accounts.id, args.accountId))
      .limit(1);
    if (!account || account.verified) return false;
    await tx
      .insert(lookalikeReviews)
      .values({ accountId: args.accountId, officialAccountId: args.officialAccountId, decision: args.decision, reviewedBy: args.actorId })
      .onConflictDoUpdate({
        target: [lookalikeReviews.accountId, lookalikeReviews.officialAccountId],
        set: { decision: args.decision, reviewedBy: args.actorId, reviewedAt: new Date() },
      });
    if (args.decision === 'impostor') {
      await tx.update(accounts).set({ flaggedImpostor: true, updatedAt: new Date() }).where(eq(accounts.id, args.accountId));
    }
    await recordAudit({
      db: tx as unknown as Db,
      action: 'directory.lookalike_reviewed',
      actorId: args.actorId,
      accountId: args.accountId,
      entityType: 'account',
      entityId: args.accountId,
      detail: { officialAccountId: args.officialAccountId, decision: args.decision },
      ip: args.ip ?? null,
    });
    return true;
  });
}
