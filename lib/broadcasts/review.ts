import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { pgErrorOf } from '../../db/errors';
import { accounts, auditLog, broadcastReviews, broadcasts, users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { broadcastForStaff, type Broadcast, type BroadcastAccess } from './compose';
import { readContent } from './content';

/**
 * Review before anything is pushed (先审后发, docs/broadcasts.md "Review"). An account has one to
 * three levels (accounts.review_levels, e.g. 编辑初审 → 科室复审 → 领导终审); a submitted broadcast
 * waits at level 1, each approval moves it one level up, the last one makes it `approved` — the
 * only status the sender takes a broadcast from. Any reviewer may send it back with a comment:
 * it becomes `returned` and a new round starts, so every level decides again on the next text.
 *
 * Who may decide a level:
 * - never someone who wrote or edited the broadcast (at no level: four eyes on every step; the
 *   database's own check keeps the final approver apart from the author);
 * - one person decides at most one level of a round — two levels exist to have two people look,
 *   so a reviewer who passed level 1 cannot also pass level 2.
 * A level is decided once per round: the unique index (broadcast, round, level) lets only one of
 * two reviewers clicking at the same moment win; the other is told it was already decided.
 */

export const MAX_LEVELS = 3;

const Decision = z.strictObject({
  broadcastId: z.coerce.number().int().positive(),
  /** The round and level the reviewer was shown: a decision on anything else is stale. */
  round: z.coerce.number().int().positive(),
  level: z.coerce.number().int().min(1).max(MAX_LEVELS),
  comment: z.string().trim().max(1000).optional().transform((v) => v || null),
});
const ReturnDecision = Decision.extend({ comment: z.string().trim().min(1).max(1000) });
const IdInput = z.strictObject({ broadcastId: z.coerce.number().int().positive() });

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

async function audit(ctx: CommandContext, access: BroadcastAccess, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action, entityType: 'broadcast', entityId: access.broadcast.id, detail, ip: ctx.ip ?? null });
}

/** Everyone who wrote or edited the broadcast, from its audit trail and its author. */
export async function writersOf(db: Db, broadcast: Pick<Broadcast, 'id' | 'accountId' | 'authorId'>): Promise<Set<string>> {
  const rows = await db
    .select({ actorId: auditLog.actorId })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, broadcast.accountId), eq(auditLog.entityType, 'broadcast'), eq(auditLog.entityId, String(broadcast.id)), inArray(auditLog.action, ['broadcast.create', 'broadcast.update'])));
  const out = new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id));
  if (broadcast.authorId) out.add(broadcast.authorId);
  return out;
}

export type ReviewBlock = 'not_in_review' | 'stale' | 'own_work' | 'already_reviewed';

/** Why this staff member may not decide the broadcast's current level now, or null when they may. */
export async function reviewBlock(db: Db, staffId: string, broadcast: Broadcast, seen?: { round: number; level: number }): Promise<ReviewBlock | null> {
  if (broadcast.status !== 'in_review') return 'not_in_review';
  if (seen && (seen.round !== broadcast.reviewRound || seen.level !== broadcast.reviewLevel)) return 'stale';
  if ((await writersOf(db, broadcast)).has(staffId)) return 'own_work';
  const [earlier] = await db
    .select({ level: broadcastReviews.level })
    .from(broadcastReviews)
    .where(and(eq(broadcastReviews.broadcastId, broadcast.id), eq(broadcastReviews.round, broadcast.reviewRound), eq(broadcastReviews.reviewerId, staffId)))
    .limit(1);
  return earlier ? 'already_reviewed' : null;
}

export const submitBroadcastCommand = staffCommand('broadcasts.compose', async (ctx): Promise<CommandResult<{ level: number }>> => {
  const access = await broadcastForStaff({ db: ctx.db, staff: ctx.staff, broadcastId: fields(ctx.input).broadcastId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = IdInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const b = access.broadcast;
  if (b.status !== 'draft' && b.status !== 'returned') return { ok: false, error: 'not_submittable' };
  if (!readContent(b.msgType, b.content)) return { ok: false, error: 'invalid_content' };
  const moved = await ctx.db
    .update(broadcasts)
    .set({ status: 'in_review', reviewLevel: 1, updatedAt: new Date() })
    .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, b.status), eq(broadcasts.reviewRound, b.reviewRound)))
    .returning({ id: broadcasts.id });
  if (moved.length === 0) return { ok: false, error: 'stale' };
  await audit(ctx, access, 'broadcast.submit', { round: b.reviewRound });
  return { ok: true, data: { level: 1 } };
});

/** Thrown inside the decision's transaction to undo the review row when the broadcast moved on meanwhile. */
class Stale extends Error {}

async function decide(ctx: CommandContext & { action: 'broadcasts.review' }, decision: 'approved' | 'returned'): Promise<CommandResult<{ status: Broadcast['status']; level: number }>> {
  const access = await broadcastForStaff({ db: ctx.db, staff: ctx.staff, broadcastId: fields(ctx.input).broadcastId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = (decision === 'returned' ? ReturnDecision : Decision).safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { round, level, comment } = parsed.data;
  const b = access.broadcast;
  const block = await reviewBlock(ctx.db, ctx.staff.id, b, { round, level });
  if (block) return { ok: false, error: block === 'stale' ? 'already_decided' : block };
  const levels = access.account.reviewLevels.length;
  // Levels may have been reduced in the settings while this waited: the last one there is final.
  const final = level >= levels;
  const next =
    decision === 'returned'
      ? ({ status: 'returned', reviewLevel: 0, reviewRound: round + 1, approverId: null } as const)
      : final
        ? ({ status: 'approved', approverId: ctx.staff.id } as const)
        : ({ reviewLevel: level + 1 } as const);
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(broadcastReviews).values({ broadcastId: b.id, round, level, reviewerId: ctx.staff.id, decision, comment });
      const moved = await tx
        .update(broadcasts)
        .set({ ...next, updatedAt: new Date() })
        .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, 'in_review'), eq(broadcasts.reviewRound, round), eq(broadcasts.reviewLevel, level)))
        .returning({ id: broadcasts.id });
      if (moved.length === 0) throw new Stale();
    });
  } catch (error) {
    // The other reviewer's row came first (unique index), or an edit reopened it meanwhile.
    if (error instanceof Stale || pgErrorOf(error).code === '23505') return { ok: false, error: 'already_decided' };
    throw error;
  }
  const status = decision === 'returned' ? 'returned' : final ? 'approved' : 'in_review';
  await audit(ctx, access, decision === 'returned' ? 'broadcast.return' : 'broadcast.approve', {
    round,
    level,
    levelName: access.account.reviewLevels[level - 1] ?? null,
    ...(comment ? { comment } : {}),
    ...(status === 'approved' ? { final: true } : {}),
  });
  return { ok: true, data: { status, level: final || decision === 'returned' ? level : level + 1 } };
}

export const approveBroadcastCommand = staffCommand('broadcasts.review', (ctx) => decide(ctx, 'approved'));
export const returnBroadcastCommand = staffCommand('broadcasts.review', (ctx) => decide(ctx, 'returned'));

// ── the timeline ─────────────────────────────────────────────────────────────────────────

export interface TimelineStep {
  id: number;
  action: string;
  actorName: string | null;
  at: Date;
  round: number | null;
  level: number | null;
  levelName: string | null;
  comment: string | null;
  /** An edit that voided the round's approvals. */
  reopened: boolean;
  /** The approval that completed the review. */
  final: boolean;
}

/** Every step of the broadcast from its audit trail (written, edited, submitted, each decision), oldest first. */
export async function broadcastTimeline(db: Db, broadcast: Pick<Broadcast, 'id' | 'accountId'>): Promise<TimelineStep[]> {
  const rows = await db
    .select({ id: auditLog.id, action: auditLog.action, detail: auditLog.detail, at: auditLog.at, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.accountId, broadcast.accountId), eq(auditLog.entityType, 'broadcast'), eq(auditLog.entityId, String(broadcast.id))))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return rows.map((r) => {
    const d = (r.detail ?? {}) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    return { id: Number(r.id), action: r.action, actorName: r.actorName, at: r.at, round: num(d.round), level: num(d.level), levelName: str(d.levelName), comment: str(d.comment), reopened: typeof d.reopened === 'string', final: d.final === true };
  });
}

/** This round's decisions so far, level by level. */
export async function roundReviews(db: Db, broadcast: Pick<Broadcast, 'id' | 'reviewRound'>) {
  return db
    .select({ level: broadcastReviews.level, decision: broadcastReviews.decision, reviewerName: users.name, comment: broadcastReviews.comment, at: broadcastReviews.createdAt })
    .from(broadcastReviews)
    .leftJoin(users, eq(users.id, broadcastReviews.reviewerId))
    .where(and(eq(broadcastReviews.broadcastId, broadcast.id), eq(broadcastReviews.round, broadcast.reviewRound)))
    .orderBy(asc(broadcastReviews.level));
}

// ── settings ─────────────────────────────────────────────────────────────────────────────

const HOST = /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const SettingsInput = z.strictObject({
  account: z.string().min(1).max(100),
  'levels.0': z.string().trim().min(1).max(20),
  'levels.1': z.string().trim().max(20).optional(),
  'levels.2': z.string().trim().max(20).optional(),
  domains: z
    .string()
    .max(3000)
    .optional()
    .transform((v) => [...new Set((v ?? '').split(/[\s,，、]+/).map((d) => d.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '')).filter(Boolean))])
    .pipe(z.array(z.string().regex(HOST)).max(50)),
});

/** Level names and allowed link hosts of the account (account admins). Empty later levels are dropped. */
export const updateReviewSettingsCommand = staffCommand('broadcasts.review_settings', async (ctx): Promise<CommandResult> => {
  const slug = fields(ctx.input).account;
  const access = typeof slug === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = SettingsInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const v = parsed.data;
  const second = v['levels.1'] || '';
  const third = v['levels.2'] || '';
  // A third level without a second would leave a gap in the order reviewers follow.
  if (third && !second) return { ok: false, fieldErrors: { 'levels.1': ['needed before a third level'] } };
  const levels = [v['levels.0'], second, third].filter(Boolean);
  const before = { levels: access.account.reviewLevels, domains: access.account.allowedLinkDomains };
  await ctx.db.update(accounts).set({ reviewLevels: levels, allowedLinkDomains: v.domains, updatedAt: new Date() }).where(eq(accounts.id, access.account.id));
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: access.account.id,
    action: 'broadcast.review_settings',
    entityType: 'account',
    entityId: access.account.id,
    detail: { before, after: { levels, domains: v.domains } },
    ip: ctx.ip ?? null,
  });
  return { ok: true, data: undefined };
});
