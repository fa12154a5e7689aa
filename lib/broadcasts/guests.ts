import { and, asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { broadcastGuests, followers } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import type { DbOrTx } from '../jobs/outbox';

/**
 * The account's guest list (体验者, docs/broadcasts.md "Sending"): while the account is in trial
 * mode, the only followers a preview or a send reaches. Staff name a guest by OpenID or by the
 * remark/name the inbox shows; the follower must be this account's and still following.
 */
export interface Guest {
  followerId: number;
  openid: string;
  name: string | null;
  subscribed: boolean;
  addedAt: Date;
}

export async function listGuests(args: { db: Db; accountId: string }): Promise<Guest[]> {
  return args.db
    .select({ followerId: followers.id, openid: followers.openid, name: followers.remark, subscribed: followers.subscribed, addedAt: broadcastGuests.createdAt })
    .from(broadcastGuests)
    .innerJoin(followers, eq(followers.id, broadcastGuests.followerId))
    .where(eq(broadcastGuests.accountId, args.accountId))
    .orderBy(asc(broadcastGuests.createdAt));
}

export async function isGuest(args: { db: DbOrTx; accountId: string; followerId: number }): Promise<boolean> {
  const [row] = await args.db
    .select({ id: broadcastGuests.followerId })
    .from(broadcastGuests)
    .where(and(eq(broadcastGuests.accountId, args.accountId), eq(broadcastGuests.followerId, args.followerId)))
    .limit(1);
  return !!row;
}

/** The subscribed follower of this account named by OpenID, remark or display name; several matches are ambiguous. */
export async function findFollower(args: { db: DbOrTx; accountId: string; ref: string }): Promise<{ id: number; openid: string } | 'none' | 'ambiguous'> {
  const rows = await args.db
    .select({ id: followers.id, openid: followers.openid })
    .from(followers)
    .where(and(eq(followers.accountId, args.accountId), eq(followers.subscribed, true), or(eq(followers.openid, args.ref), eq(followers.remark, args.ref), eq(followers.displayName, args.ref))))
    .limit(2);
  if (rows.length === 0) return 'none';
  const exact = rows.find((r) => r.openid === args.ref);
  if (exact) return exact;
  return rows.length > 1 ? 'ambiguous' : rows[0]!;
}

const AddInput = z.strictObject({ account: z.string().min(1).max(100), follower: z.string().trim().min(1).max(100) });
const RemoveInput = z.strictObject({ account: z.string().min(1).max(100), followerId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

async function gateAccount(ctx: CommandContext & { action: 'broadcasts.delivery_settings' }) {
  const slug = (ctx.input as { account?: unknown } | null)?.account;
  return typeof slug === 'string' ? accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
}

export const addGuestCommand = staffCommand('broadcasts.delivery_settings', async (ctx): Promise<CommandResult<{ followerId: number }>> => {
  const access = await gateAccount(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = AddInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const found = await findFollower({ db: ctx.db, accountId: access.account.id, ref: parsed.data.follower });
  if (found === 'none') return { ok: false, fieldErrors: { follower: ['not_a_follower'] } };
  if (found === 'ambiguous') return { ok: false, fieldErrors: { follower: ['ambiguous'] } };
  await ctx.db.insert(broadcastGuests).values({ accountId: access.account.id, followerId: found.id, addedBy: ctx.staff.id }).onConflictDoNothing();
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action: 'broadcast.guest_add', entityType: 'follower', entityId: found.id, ip: ctx.ip ?? null });
  return { ok: true, data: { followerId: found.id } };
});

export const removeGuestCommand = staffCommand('broadcasts.delivery_settings', async (ctx): Promise<CommandResult> => {
  const access = await gateAccount(ctx);
  if (!access) return { ok: false, notFound: true };
  const parsed = RemoveInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  // Scoped to the gated account: another tenant's follower id removes nothing and says so (404).
  const removed = await ctx.db
    .delete(broadcastGuests)
    .where(and(eq(broadcastGuests.accountId, access.account.id), eq(broadcastGuests.followerId, parsed.data.followerId)))
    .returning({ id: broadcastGuests.followerId });
  if (removed.length === 0) return { ok: false, notFound: true };
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action: 'broadcast.guest_remove', entityType: 'follower', entityId: parsed.data.followerId, ip: ctx.ip ?? null });
  return { ok: true, data: undefined };
});
