import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers, messages } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';

/** docs/wechat-protocol.md §6.2: a citizen's message allows 5 customer-service messages within 48 hours. */
export const WINDOW_MS = 48 * 3600_000;
export const WINDOW_MESSAGES = 5;

export interface ServiceWindow {
  /** Within 48 h of the citizen's last message (messages may still be used up: see remaining). */
  open: boolean;
  /** When the window closes; null when the citizen never wrote or unfollowed. */
  closesAt: Date | null;
  /** Messages that may still be sent in this window (queued ones count as spent). */
  remaining: number;
  lastInboundAt: Date | null;
}

/**
 * Computed locally so staff see it before sending (docs/reliability.md J5). It opens at the citizen's
 * last message (followers.last_inbound_at, set by ingest from WeChat's CreateTime). Spent are
 * customer-service sends accepted by WeChat since then, plus those queued or in flight (they will
 * spend it), plus uncertain ones (they may have). Passive replies do not count: they answer a push.
 */
export async function serviceWindow(args: { db: DbOrTx | Db; followerId: number; now?: Date }): Promise<ServiceWindow> {
  const now = args.now ?? new Date();
  const [follower] = await args.db
    .select({ lastInboundAt: followers.lastInboundAt, subscribed: followers.subscribed })
    .from(followers)
    .where(eq(followers.id, args.followerId))
    .limit(1);
  const last = follower?.lastInboundAt ?? null;
  if (!follower || !last || !follower.subscribed) return { open: false, closesAt: null, remaining: 0, lastInboundAt: last };
  const closesAt = new Date(last.getTime() + WINDOW_MS);
  if (closesAt <= now) return { open: false, closesAt, remaining: 0, lastInboundAt: last };
  const lastIso = last.toISOString();
  const [row] = await args.db
    .select({
      spent: sql<number>`count(*) filter (where
        ${messages.deliveryState} in ('queued', 'sending')
        or (${messages.deliveryState} = 'sent' and ${messages.payload}->>'via' = 'custom' and ${messages.deliveredAt} > ${lastIso}::timestamptz)
        or (${messages.deliveryState} = 'unknown' and ${messages.createdAt} > ${lastIso}::timestamptz))`.mapWith(Number),
    })
    .from(messages)
    .where(and(eq(messages.followerId, args.followerId), eq(messages.direction, 'outbound')));
  const remaining = Math.max(0, WINDOW_MESSAGES - (row?.spent ?? 0));
  return { open: true, closesAt, remaining, lastInboundAt: last };
}
