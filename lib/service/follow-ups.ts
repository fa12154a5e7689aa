import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { conversations, followers, followUpTasks, users } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import type { DbOrTx, Tx } from '../jobs/outbox';
import { loadServiceSchedule } from './calendar';
import { endOfWorkingDays } from './working-time';

/**
 * Follow-ups after a bad rating (docs/citizen-service.md, "Ratings"): the account admin calls
 * the citizen back within FOLLOW_UP_WORKING_DAYS working days and records what was done. One
 * task per conversation (follow_up_tasks_conversation_key), however often the rating is sent;
 * listed until closed.
 */
export const FOLLOW_UP_WORKING_DAYS = 5;

export async function openFollowUp(args: { tx: Tx; accountId: string; conversationId: number; rating: number; at: Date }): Promise<void> {
  const schedule = await loadServiceSchedule(args.tx, args.accountId);
  const dueAt = (schedule && endOfWorkingDays(schedule.calendar, args.at, FOLLOW_UP_WORKING_DAYS)) ?? new Date(args.at.getTime() + FOLLOW_UP_WORKING_DAYS * 86_400_000);
  await args.tx
    .insert(followUpTasks)
    .values({ accountId: args.accountId, conversationId: args.conversationId, rating: args.rating, dueAt, createdAt: args.at })
    .onConflictDoNothing({ target: followUpTasks.conversationId });
}

export interface FollowUpRow {
  id: number;
  conversationId: number;
  caseNumber: string | null;
  rating: number;
  status: 'open' | 'closed';
  dueAt: Date;
  createdAt: Date;
  outcome: string | null;
  closedAt: Date | null;
  closedByName: string | null;
  citizen: { openid: string; remark: string | null; displayName: string | null; phone: string | null };
  overdue: boolean;
}

/** Open tasks (soonest due first), then the most recently closed ones. */
export async function listFollowUps(args: { db: DbOrTx | Db; accountId: string; now?: Date; closedLimit?: number }): Promise<FollowUpRow[]> {
  const now = args.now ?? new Date();
  const select = () =>
    args.db
      .select({
        task: followUpTasks,
        caseNumber: conversations.caseNumber,
        openid: followers.openid,
        remark: followers.remark,
        displayName: followers.displayName,
        phone: followers.phone,
        closedByName: users.name,
      })
      .from(followUpTasks)
      .innerJoin(conversations, eq(conversations.id, followUpTasks.conversationId))
      .innerJoin(followers, eq(followers.id, conversations.followerId))
      .leftJoin(users, eq(users.id, followUpTasks.closedBy));
  const [open, closed] = await Promise.all([
    select()
      .where(and(eq(followUpTasks.accountId, args.accountId), eq(followUpTasks.status, 'open')))
      .orderBy(asc(followUpTasks.dueAt), asc(followUpTasks.id)),
    select()
      .where(and(eq(followUpTasks.accountId, args.accountId), eq(followUpTasks.status, 'closed')))
      .orderBy(desc(followUpTasks.closedAt), desc(followUpTasks.id))
      .limit(args.closedLimit ?? 20),
  ]);
  return [...open, ...closed].map((r) => ({
    id: r.task.id,
    conversationId: r.task.conversationId,
    caseNumber: r.caseNumber,
    rating: r.task.rating,
    status: r.task.status,
    dueAt: r.task.dueAt,
    createdAt: r.task.createdAt,
    outcome: r.task.outcome,
    closedAt: r.task.closedAt,
    closedByName: r.closedByName,
    citizen: { openid: r.openid, remark: r.remark, displayName: r.displayName, phone: r.phone },
    overdue: r.task.status === 'open' && r.task.dueAt < now,
  }));
}

export const FOLLOW_UP_OUTCOME_MAX = 2000;
const CloseInput = z.strictObject({
  taskId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  outcome: z.string().trim().min(1).max(FOLLOW_UP_OUTCOME_MAX),
  /** The page to refresh afterwards; never used to find the task's account. */
  slug: z.string().max(100).optional(),
});

/** Closes a follow-up with what was done; the task's own account is the one checked. */
export const closeFollowUpCommand = staffCommand('service.follow_ups', async (ctx): Promise<CommandResult> => {
  const raw = typeof ctx.input === 'object' && ctx.input !== null ? (ctx.input as Record<string, unknown>).taskId : undefined;
  const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(raw);
  const [task] = id.success ? await ctx.db.select().from(followUpTasks).where(eq(followUpTasks.id, id.data)) : [];
  const access = task ? await accountForStaff({ db: ctx.db, staff: ctx.staff, accountId: task.accountId, action: ctx.action, ip: ctx.ip }) : null;
  if (!task || !access) return { ok: false, notFound: true };
  const parsed = CloseInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const [closed] = await ctx.db
    .update(followUpTasks)
    .set({ status: 'closed', outcome: parsed.data.outcome, closedBy: ctx.staff.id, closedAt: new Date() })
    .where(and(eq(followUpTasks.id, task.id), eq(followUpTasks.status, 'open')))
    .returning({ id: followUpTasks.id });
  if (!closed) return { ok: false, error: 'already_closed' };
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: task.accountId,
    action: 'service.follow_up.close',
    entityType: 'follow_up',
    entityId: task.id,
    detail: { conversationId: task.conversationId },
    ip: ctx.ip ?? null,
  });
  return { ok: true, data: undefined };
});
