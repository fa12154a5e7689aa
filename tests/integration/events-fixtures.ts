import { eq } from 'drizzle-orm';
import { events, followers, registrations } from '../../db/schema';
import { accountIdOf, type InboxWorld } from './inbox-fixtures';

/** A published event of `slug`, open for registration now, starting `startsInHours` from now. */
export async function publishedEvent(w: InboxWorld, slug: string, opts: { capacity?: number | null; startsInHours?: number; tags?: string[] } = {}) {
  const start = new Date(Date.now() + (opts.startsInHours ?? 72) * 3600_000);
  const [row] = await w.t.db
    .insert(events)
    .values({
      accountId: await accountIdOf(w, slug),
      title: `测试活动 ${Math.random().toString(36).slice(2, 7)}`,
      placeName: '岐江公园',
      startsAt: start,
      endsAt: new Date(start.getTime() + 3 * 3600_000),
      capacity: opts.capacity === undefined ? 10 : opts.capacity,
      interestTags: opts.tags ?? ['志愿服务'],
      status: 'published',
    })
    .returning();
  return row!;
}

export async function registrationsOf(w: InboxWorld, eventId: number) {
  return w.t.db
    .select({ id: registrations.id, status: registrations.status, openid: followers.openid, checkedInAt: registrations.checkedInAt, source: registrations.source })
    .from(registrations)
    .leftJoin(followers, eq(followers.id, registrations.followerId))
    .where(eq(registrations.eventId, eventId))
    .orderBy(registrations.id);
}
