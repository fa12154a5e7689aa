import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, registrations, type Event } from '../../db/schema';
import type { Tx } from '../jobs/outbox';
import { translator } from '../i18n/messages';
import { formatDateTime } from '../format';
import { queueNotice } from './notices';

/**
 * Registration, cancellation and check-in. Capacity is enforced by locking the event row
 * (SELECT … FOR UPDATE) at the start of every registration transaction: registrations for one
 * event then run one after another, each counts the confirmed rows it can see and decides
 * confirmed or waitlisted. We chose the row lock over a counter column with a CHECK constraint
 * because the count stays derived from the registrations themselves (no counter to drift, the
 * public counts and the API read the same rows) and because a waitlist needs "who is next",
 * which a counter cannot answer. Contention is per event only (docs/events.md).
 */
export type RegistrationStatus = 'confirmed' | 'waitlisted';

export type RegisterResult =
  | { ok: true; status: RegistrationStatus; registrationId: number; already: boolean; event: Event }
  | { ok: false; reason: 'not_found' | 'closed' | 'not_open' };

type Source = 'wechat_qr' | 'keyword' | 'web' | 'staff';

/** The event row, locked for this transaction; only published events of this account qualify. */
export async function lockEvent(tx: Tx, eventId: number, accountId?: string): Promise<Event | null> {
  const [event] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), accountId ? eq(events.accountId, accountId) : undefined))
    .for('update')
    .limit(1);
  return event ?? null;
}

function windowCheck(event: Event, at: Date): 'closed' | 'not_open' | null {
  if (event.status !== 'published') return 'closed';
  if (event.registrationOpensAt && at < event.registrationOpensAt) return 'not_open';
  const closes = event.registrationClosesAt ?? event.endsAt;
  if (at > closes) return 'closed';
  return null;
}

export async function confirmedCount(tx: Tx, eventId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.status, 'confirmed')));
  return row?.n ?? 0;
}

async function decideStatus(tx: Tx, event: Event): Promise<RegistrationStatus> {
  if (event.capacity === null) return 'confirmed';
  return (await confirmedCount(tx, event.id)) < event.capacity ? 'confirmed' : 'waitlisted';
}

/** Registers a follower (QR scene or keyword). The same follower twice counts once. */
export async function registerFollower(args: {
  tx: Tx;
  accountId: string;
  eventId: number;
  followerId: number;
  source: Source;
  at?: Date;
}): Promise<RegisterResult> {
  const { tx } = args;
  const at = args.at ?? new Date();
  const event = await lockEvent(tx, args.eventId, args.accountId);
  if (!event || event.status === 'draft') return { ok: false, reason: 'not_found' };
  const [existing] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.followerId, args.followerId)))
    .limit(1);
  if (existing && existing.status !== 'cancelled') {
    return { ok: true, status: existing.status, registrationId: existing.id, already: true, event };
  }
  const refused = windowCheck(event, at);
  if (refused) return { ok: false, reason: refused };
  const status = await decideStatus(tx, event);
  let id: number;
  if (existing) {
    await tx.update(registrations).set({ status, source: args.source, checkedInAt: null, updatedAt: at }).where(eq(registrations.id, existing.id));
    id = existing.id;
  } else {
    const [row] = await tx
      .insert(registrations)
      .values({ eventId: event.id, followerId: args.followerId, status, source: args.source, createdAt: at, updatedAt: at })
      .returning({ id: registrations.id });
    id = row!.id;
  }
  // No interest tags here: the reply asks for them (lib/followers/tag-offers.ts).
  return { ok: true, status, registrationId: id, already: false, event };
}

/** A web registration: name and phone, no WeChat identity; the same phone twice counts once. */
export async function registerOnWeb(args: { db: Db; eventId: number; name: string; phone: string; at?: Date }): Promise<RegisterResult> {
  const at = args.at ?? new Date();
  return args.db.transaction(async (tx) => {
    const event = await lockEvent(tx, args.eventId);
    if (!event || event.status === 'draft') return { ok: false, reason: 'not_found' } as const;
    const [existing] = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.eventId, event.id), isNull(registrations.followerId), eq(registrations.phone, args.phone)))
      .limit(1);
    if (existing && existing.status !== 'cancelled') {
      return { ok: true, status: existing.status, registrationId: existing.id, already: true, event } as const;
    }
    const refused = windowCheck(event, at);
    if (refused) return { ok: false, reason: refused } as const;
    const status = await decideStatus(tx, event);
    if (existing) {
      await tx.update(registrations).set({ status, name: args.name, source: 'web', checkedInAt: null, updatedAt: at }).where(eq(registrations.id, existing.id));
      return { ok: true, status, registrationId: existing.id, already: false, event } as const;
    }
    const [row] = await tx
      .insert(registrations)
      .values({ eventId: event.id, name: args.name, phone: args.phone, status, source: 'web', createdAt: at, updatedAt: at })
      .returning({ id: registrations.id });
    return { ok: true, status, registrationId: row!.id, already: false, event } as const;
  });
}

export type CancelResult =
  | { ok: true; wasStatus: RegistrationStatus; promoted: number[] }
  | { ok: false; reason: 'not_found' | 'not_registered' };

/**
 * Cancels one registration under the event row lock the caller holds: a freed confirmed place
 * goes to the waitlist in order (and they are told). The one cancel path behind the keyword
 * `取消 <id>`, the web registrant's private link and staff's "remove" at the desk.
 */
export async function cancelLocked(tx: Tx, event: Event, existing: { id: number; status: RegistrationStatus | 'cancelled' } | undefined, at: Date): Promise<CancelResult> {
  if (!existing || existing.status === 'cancelled') return { ok: false, reason: 'not_registered' };
  await tx.update(registrations).set({ status: 'cancelled', checkedInAt: null, updatedAt: at }).where(eq(registrations.id, existing.id));
  const promoted = existing.status === 'confirmed' ? await promoteWaitlist(tx, event, at) : [];
  return { ok: true, wasStatus: existing.status, promoted };
}

/** Cancels a follower's registration (keyword `取消 <id>`). */
export async function cancelFollower(args: { tx: Tx; accountId: string; eventId: number; followerId: number; at?: Date }): Promise<CancelResult> {
  const { tx } = args;
  const at = args.at ?? new Date();
  const event = await lockEvent(tx, args.eventId, args.accountId);
  if (!event || event.status === 'draft') return { ok: false, reason: 'not_found' };
  const [existing] = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.followerId, args.followerId)))
    .limit(1);
  return cancelLocked(tx, event, existing, at);
}

export type WebCancelResult = CancelResult | { ok: false; reason: 'closed' };

/**
 * Cancels a web registration from its private link (the caller has verified the link's token,
 * lib/events/public-cancel-token.ts). Only a web registration (no follower) of this event
 * qualifies; a second cancel answers `not_registered` and changes nothing. A cancelled or
 * finished event is `closed`: there is no place left to free.
 */
export async function cancelWebRegistration(args: { db: Db; eventId: number; registrationId: number; at?: Date }): Promise<WebCancelResult> {
  const at = args.at ?? new Date();
  return args.db.transaction(async (tx) => {
    const event = await lockEvent(tx, args.eventId);
    if (!event || event.status === 'draft') return { ok: false, reason: 'not_found' } as const;
    const [existing] = await tx
      .select({ id: registrations.id, status: registrations.status })
      .from(registrations)
      .where(and(eq(registrations.id, args.registrationId), eq(registrations.eventId, event.id), isNull(registrations.followerId)))
      .limit(1);
    if (!existing) return { ok: false, reason: 'not_found' } as const;
    if (existing.status !== 'cancelled' && (event.status !== 'published' || event.endsAt < at)) return { ok: false, reason: 'closed' } as const;
    return cancelLocked(tx, event, existing, at);
  });
}

/**
 * Moves waitlisted registrations to confirmed while seats are free, first come first served
 * (by when they joined the waitlist, then id), and queues a "you're in" notice for each.
 * Runs under the event row lock taken by the caller.
 */
export async function promoteWaitlist(tx: Tx, event: Event, at: Date): Promise<number[]> {
  if (event.status !== 'published') return [];
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - (await confirmedCount(tx, event.id));
  if (free <= 0) return [];
  const next = await tx
    .select({ id: registrations.id, followerId: registrations.followerId })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.updatedAt), asc(registrations.id))
    .limit(Math.min(free, 1000));
  if (next.length === 0) return [];
  await tx
    .update(registrations)
    .set({ status: 'confirmed', updatedAt: at })
    .where(inArray(registrations.id, next.map((r) => r.id)));
  const t = translator('zh-CN');
  const text = t('events.notice.promoted', { title: event.title, at: formatDateTime(event.startsAt, 'zh-CN'), id: event.id });
  for (const r of next) {
    await queueNotice({ tx, event, registration: r, kind: 'promoted', key: `promoted:${r.id}:${at.getTime()}`, text, now: at });
  }
  return next.map((r) => r.id);
}

export type CheckInResult =
  | { ok: true; walkIn: boolean; already: boolean; event: Event }
  | { ok: false; reason: 'not_found' | 'full' };

/**
 * Venue check-in. A registered (confirmed) follower is checked in. Someone not registered — or
 * still on the waitlist — is checked in as a walk-in only while a seat is free (capacity is the
 * venue's limit); otherwise refused with a friendly reply pointing to the desk (docs/events.md).
 */
export async function checkInFollower(args: { tx: Tx; accountId: string; eventId: number; followerId: number; at?: Date }): Promise<CheckInResult> {
  const { tx } = args;
  const at = args.at ?? new Date();
  const event = await lockEvent(tx, args.eventId, args.accountId);
  if (!event || event.status !== 'published') return { ok: false, reason: 'not_found' };
  const [existing] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.followerId, args.followerId)))
    .limit(1);
  if (existing?.status === 'confirmed') {
    if (existing.checkedInAt) return { ok: true, walkIn: false, already: true, event };
    await tx.update(registrations).set({ checkedInAt: at, updatedAt: at }).where(eq(registrations.id, existing.id));
    return { ok: true, walkIn: false, already: false, event };
  }
  if ((await decideStatus(tx, event)) !== 'confirmed') return { ok: false, reason: 'full' };
  if (existing) {
    await tx.update(registrations).set({ status: 'confirmed', checkedInAt: at, updatedAt: at }).where(eq(registrations.id, existing.id));
  } else {
    await tx.insert(registrations).values({ eventId: event.id, followerId: args.followerId, status: 'confirmed', source: 'wechat_qr', checkedInAt: at, createdAt: at, updatedAt: at });
  }
  return { ok: true, walkIn: true, already: false, event };
}
