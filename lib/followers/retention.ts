import { and, eq, lt, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers, messages } from '../../db/schema';

/** Case records of a citizen who left are kept this long after their last message. */
export const CASE_RECORD_RETENTION_YEARS = 3;

/**
 * Purges the case records of citizens who unsubscribed and have been silent for the retention
 * period: their messages (and with them conversations and notes, by cascade through the
 * follower) and the follower row itself. Profile data was already removed at unsubscribe time;
 * this is the second, later step of the retention rule (README, "Data retention").
 */
export async function purgeExpiredCaseRecords(args: { db: Db; now?: Date; years?: number }): Promise<{ followers: number }> {
  const now = args.now ?? new Date();
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - (args.years ?? CASE_RECORD_RETENTION_YEARS));
  const cutoffIso = cutoff.toISOString();
  return args.db.transaction(async (tx) => {
    const expired = tx
      .select({ id: followers.id })
      .from(followers)
      .where(
        and(
          eq(followers.subscribed, false),
          lt(sql`coalesce(${followers.lastInteractionAt}, ${followers.unsubscribedAt}, ${followers.createdAt})`, sql`${cutoffIso}::timestamptz`),
        ),
      );
    await tx.delete(messages).where(sql`${messages.followerId} in (${expired})`);
    const removed = await tx
      .delete(followers)
      .where(
        and(
          sql`${followers.id} in (${expired})`,
          notExists(tx.select({ one: sql`1` }).from(messages).where(eq(messages.followerId, followers.id))),
        ),
      )
      .returning({ id: followers.id });
    return { followers: removed.length };
  });
}
