import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accounts, broadcasts, jobs, tags, type Account, type Broadcast } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type Role, type Staff } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { enqueueJob } from '../jobs/outbox';
import { audienceSize, type Target } from './audience';
import { findFollower, isGuest, listGuests } from './guests';
import { policyOf, releaseQuotaSlot, spendQuotaSlot } from './quota';
import { BROADCAST_SEND_JOB, enqueuePreview, imageMediaIdOf } from './send';

/**
 * Committing a send (docs/broadcasts.md "Sending"): only a fully approved broadcast (or one
 * whose send was cancelled) can be sent now or scheduled. In one transaction, under the
 * broadcast's row lock: the target is fixed, a quota slot of the send's period is spent (or the
 * send refused), a clientmsgid is fixed — WeChat refuses a second send with it — and one outbox
 * job is queued for the send time. Trial mode spends no slot (WeChat's preview spends none) and
 * reaches only the guest list.
 */
export interface BroadcastAccess {
  broadcast: Broadcast;
  account: Account;
  role: Role;
}

/** The broadcast with its own account gated for `action`; another tenant's id is null (→ 404). */
export async function broadcastForStaff(args: { db: Db; staff: Staff; broadcastId: unknown; action: AccountAction; ip?: string | null }): Promise<BroadcastAccess | null> {
  const id = Number(args.broadcastId);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await args.db.select({ accountId: broadcasts.accountId }).from(broadcasts).where(eq(broadcasts.id, id)).limit(1);
  if (!row) return null;
  const access = await accountForStaff({ db: args.db, staff: args.staff, accountId: row.accountId, action: args.action, ip: args.ip });
  if (!access) return null;
  const [broadcast] = await args.db.select().from(broadcasts).where(eq(broadcasts.id, id)).limit(1);
  return broadcast ? { broadcast, account: access.account, role: access.role } : null;
}

export type { Broadcast };

const SCHEDULABLE = new Set<Broadcast['status']>(['approved', 'cancelled']);
const BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

const SendInput = z.strictObject({
  broadcastId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  target: z.enum(['all', 'tag']),
  tagId: z.union([z.literal(''), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)]).optional(),
  when: z.enum(['now', 'later']),
  /** `<input type="datetime-local">`: wall-clock time, meant as Beijing time. */
  scheduledAt: z.union([z.literal(''), z.string().regex(BEIJING)]).optional(),
});

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

async function gate<S extends z.ZodType>(ctx: CommandContext & { action: AccountAction }, schema: S): Promise<{ access: BroadcastAccess; input: z.infer<S> } | CommandResult<never>> {
  const access = await broadcastForStaff({ db: ctx.db, staff: ctx.staff, broadcastId: fields(ctx.input).broadcastId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = schema.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  return { access, input: parsed.data };
}

async function audit(ctx: CommandContext, access: BroadcastAccess, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action, entityType: 'broadcast', entityId: access.broadcast.id, detail, ip: ctx.ip ?? null });
}

/** A fresh id per commit, at most 64 bytes: WeChat remembers it for 24 h (docs/wechat-protocol.md §6.3). */
function newClientMsgId(broadcastId: number): string {
  return `wegov-${broadcastId}-${randomBytes(8).toString('hex')}`;
}

export type SendCommitted = { status: 'scheduled'; scheduledAt: Date; trial: boolean; audience: number; period: string | null };

export const sendBroadcastCommand = staffCommand('broadcasts.send', async (ctx): Promise<CommandResult<SendCommitted>> => {
  const g = await gate(ctx, SendInput);
  if ('ok' in g) return g;
  const { input } = g;
  const now = new Date();
  let scheduledAt = now;
  if (input.when === 'later') {
    if (!input.scheduledAt) return { ok: false, fieldErrors: { scheduledAt: ['required'] } };
    scheduledAt = new Date(`${input.scheduledAt}:00+08:00`);
    if (Number.isNaN(scheduledAt.getTime())) return { ok: false, fieldErrors: { scheduledAt: ['invalid'] } };
    if (scheduledAt.getTime() < now.getTime() - 60_000) return { ok: false, fieldErrors: { scheduledAt: ['in_the_past'] } };
  }
  let target: Target = { kind: 'all' };
  if (input.target === 'tag') {
    if (input.tagId === undefined || input.tagId === '') return { ok: false, fieldErrors: { tagId: ['required'] } };
    // The tag must be the broadcast's own account's: a foreign tag id is just an unknown one.
    const [tag] = await ctx.db.select({ id: tags.id }).from(tags).where(and(eq(tags.id, input.tagId), eq(tags.accountId, g.access.account.id))).limit(1);
    if (!tag) return { ok: false, fieldErrors: { tagId: ['unknown_tag'] } };
    target = { kind: 'tag', tagId: tag.id };
  }
  const result = await ctx.db.transaction(async (tx): Promise<CommandResult<SendCommitted>> => {
    const [locked] = await tx.select().from(broadcasts).where(eq(broadcasts.id, g.access.broadcast.id)).for('update');
    if (!locked || !SCHEDULABLE.has(locked.status)) return { ok: false, error: 'not_approved' };
    if (locked.msgType === 'image' && !imageMediaIdOf(locked)) return { ok: false, error: 'image_not_uploaded' };
    const [account] = await tx.select().from(accounts).where(eq(accounts.id, locked.accountId)).limit(1);
    const trial = account!.trialMode;
    let period: string | null = null;
    if (!trial) {
      const spent = await spendQuotaSlot({ db: tx, accountId: account!.id, broadcastId: locked.id, policy: policyOf(account!), at: scheduledAt });
      if (!spent.ok) return { ok: false, error: 'quota_exhausted' };
      period = spent.period;
    }
    const audience = await audienceSize({ db: tx, account: account!, target, at: scheduledAt, trial });
    const clientMsgId = newClientMsgId(locked.id);
    await tx
      .update(broadcasts)
      .set({
        status: 'scheduled',
        targetKind: target.kind,
        targetTagId: target.kind === 'tag' ? target.tagId : null,
        scheduledAt,
        clientMsgId,
        quotaPeriod: period,
        audienceCount: audience,
        wechatMsgId: null,
        reportStatus: null,
        updatedAt: now,
      })
      .where(eq(broadcasts.id, locked.id));
    await enqueueJob({ db: tx, kind: BROADCAST_SEND_JOB, accountId: account!.id, payload: { broadcastId: locked.id, trial }, idempotencyKey: `broadcast-send:${clientMsgId}`, runAt: scheduledAt, maxAttempts: 8 });
    return { ok: true, data: { status: 'scheduled', scheduledAt, trial, audience, period } };
  });
  if (result.ok) {
    await audit(ctx, g.access, input.when === 'now' ? 'broadcast.send_now' : 'broadcast.schedule', {
      target: target.kind === 'tag' ? `tag:${target.tagId}` : 'all',
      scheduledAt: result.data.scheduledAt.toISOString(),
      trial: result.data.trial,
      period: result.data.period,
      audience: result.data.audience,
    });
  } else if ('error' in result) {
    await audit(ctx, g.access, 'broadcast.send_refused', { reason: result.error });
  }
  return result;
});

const IdInput = z.strictObject({ broadcastId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Withdraws a scheduled send before it starts: its slot comes back, its job finds nothing to do. */
export const cancelBroadcastCommand = staffCommand('broadcasts.send', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, IdInput);
  if ('ok' in g) return g;
  const cancelled = await ctx.db.transaction(async (tx) => {
    // Only from `scheduled`: once the worker moved it to `sending` the push may be under way.
    const [row] = await tx
      .update(broadcasts)
      .set({ status: 'cancelled', quotaPeriod: null, updatedAt: new Date() })
      .where(and(eq(broadcasts.id, g.access.broadcast.id), eq(broadcasts.status, 'scheduled')))
      .returning({ id: broadcasts.id, clientMsgId: broadcasts.clientMsgId });
    if (!row) return false;
    await releaseQuotaSlot({ db: tx, broadcastId: row.id });
    if (row.clientMsgId) {
      await tx
        .update(jobs)
        .set({ status: 'done', finishedAt: new Date(), lastError: 'cancelled by staff' })
        .where(and(eq(jobs.idempotencyKey, `broadcast-send:${row.clientMsgId}`), eq(jobs.status, 'pending')));
    }
    return true;
  });
  if (!cancelled) return { ok: false, error: 'not_scheduled' };
  await audit(ctx, g.access, 'broadcast.cancel');
  return { ok: true, data: undefined };
});

const PreviewInput = z.strictObject({
  broadcastId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  to: z.enum(['guests', 'follower']),
  follower: z.string().trim().max(100).optional(),
});

/**
 * "Send a preview" (mass/preview): to one named follower or to every guest. In trial mode the
 * named follower must be on the guest list — nothing reaches anyone else.
 */
export const previewBroadcastCommand = staffCommand('broadcasts.preview', async (ctx): Promise<CommandResult<{ queued: number }>> => {
  const g = await gate(ctx, PreviewInput);
  if ('ok' in g) return g;
  const { account, broadcast } = g.access;
  const stamp = Date.now().toString(36);
  let recipients: number[];
  if (g.input.to === 'guests') {
    recipients = (await listGuests({ db: ctx.db, accountId: account.id })).filter((x) => x.subscribed).map((x) => x.followerId);
    if (recipients.length === 0) return { ok: false, error: 'no_guests' };
  } else {
    if (!g.input.follower) return { ok: false, fieldErrors: { follower: ['required'] } };
    const found = await findFollower({ db: ctx.db, accountId: account.id, ref: g.input.follower });
    if (found === 'none') return { ok: false, fieldErrors: { follower: ['not_a_follower'] } };
    if (found === 'ambiguous') return { ok: false, fieldErrors: { follower: ['ambiguous'] } };
    if (account.trialMode && !(await isGuest({ db: ctx.db, accountId: account.id, followerId: found.id }))) {
      return { ok: false, fieldErrors: { follower: ['not_a_guest'] } };
    }
    recipients = [found.id];
  }
  await ctx.db.transaction(async (tx) => {
    for (const followerId of recipients) await enqueuePreview({ db: tx, broadcast, followerId, key: `${stamp}:${followerId}` });
  });
  await audit(ctx, g.access, 'broadcast.preview', { to: g.input.to, recipients: recipients.length, trial: account.trialMode });
  return { ok: true, data: { queued: recipients.length } };
});
