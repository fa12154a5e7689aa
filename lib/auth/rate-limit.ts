import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rateLimits } from '../../db/schema';

/**
 * A fixed-window counter in PostgreSQL, so every app process shares it. One atomic upsert
 * both counts and reads, so concurrent attempts cannot slip past the limit.
 */
export async function hit(args: { db: Db; key: string; windowSeconds: number; now?: Date }): Promise<number> {
  const now = args.now ?? new Date();
  const windowStart = new Date(now.getTime() - args.windowSeconds * 1000).toISOString();
  const [row] = await args.db
    .insert(rateLimits)
    .values({ key: args.key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStartedAt} < ${windowStart}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} < ${windowStart}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({ count: rateLimits.count });
  return row?.count ?? 1;
}

export async function peek(args: { db: Db; key: string; windowSeconds: number; now?: Date }): Promise<number> {
  const now = args.now ?? new Date();
  const windowStart = new Date(now.getTime() - args.windowSeconds * 1000);
  const rows = await args.db
    .select({ count: rateLimits.count, start: rateLimits.windowStartedAt })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${args.key}`)
    .limit(1);
  const row = rows[0];
  return row && row.start >= windowStart ? row.count : 0;
}

export async function clear(args: { db: Db; key: string }): Promise<void> {
  await args.db.delete(rateLimits).where(sql`${rateLimits.key} = ${args.key}`);
}

/**
 * A key for counting an anonymous citizen's requests without storing their address: an HMAC of
 * the client IP under the server's secret, per purpose.
 */
export function anonymousClientKey(scope: string, ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`${scope}:${ip}`).digest('hex').slice(0, 32);
}
