import { and, eq, gt, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, registrations, type Event } from '../../db/schema';
import { formatDateTime } from '../format';
import { translator } from '../i18n/messages';
import { queueNotice, type NoticeKind, type NoticeRoute } from './notices';

const DAY_MS = 86_400_000;

/**
 * Queues one notice per registration in `statuses` (each in its own short transaction so a
 * big roster does not hold locks). Keys make it idempotent; returns how each was routed.
 */
export async function notifyRegistrations(args: {
  db: Db;
  event: Event;
  kind: NoticeKind;
  statuses: ('confirmed' | 'waitlisted')[];
  checkedInOnly?: boolean;
  keyOf: (registrationId: number) => string;
  now?: Date;
}): Promise<Record<NoticeRoute, number>> {
  const { db, event } = args;
  const now = args.now ?? new Date();
  const t = translator('zh-CN');
  const text = t(`events.notice.${args.kind}`, {
    title: event.title,
    at: formatDateTime(event.startsAt, 'zh-CN'),
    place: event.placeName ?? event.address ?? '',
    id: event.id,
  });
  const rows = await db
    .select({ id: registrations.id, followerId: registrations.followerId })
    .from(registrations)
    .where(
      and(
        eq(registrations.eventId, event.id),
        inArray(registrations.status, args.statuses),
        args.checkedInOnly ? isNotNull(registrations.checkedInAt) : undefined,
      ),
    )
    .orderBy(registrations.id);
  const counts: Record<NoticeRoute, number> = { custom: 0, template: 0, unreachable: 0 };
  for (const r of rows) {
    const route = await db.transaction((tx) => queueNotice({ tx, event, registration: r, kind: args.kind, key: args.keyOf(r.id), text, now }));
    if (route) counts[route]++;
  }
  return counts;
}

/**
 * The day-before reminder scan: published events starting within the next 24 hours remind each
 * confirmed registration once. The key includes the start time, so a rescheduled event
 * reminds again for its new date, and any number of scans (or processes) send one each.
 */
export async function sendDueReminders(args: { db: Db; now?: Date }): Promise<number> {
  const now = args.now ?? new Date();
  const due = await args.db
    .select()
    .from(events)
    .where(and(eq(events.status, 'published'), gt(events.startsAt, now), lte(events.startsAt, new Date(now.getTime() + DAY_MS))));
  let queued = 0;
  for (const event of due) {
    const counts = await notifyRegistrations({
      db: args.db,
      event,
      kind: 'reminder',
      statuses: ['confirmed'],
      keyOf: (id) => `reminder:${id}:${event.startsAt.getTime()}`,
      now,
    });
    queued += counts.custom + counts.template + counts.unreachable;
  }
  return queued;
}
