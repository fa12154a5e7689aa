import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, eventNotices, events, followers, regions, registrations, type Account, type Event } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, type Role, type Staff } from '../auth/access';
import { can, type AccountAction } from '../auth/permissions';
import { maskPhone, toCsv } from './csv';

/**
 * Staff's read side of events. Every lookup by event id goes through `eventForStaff`: the
 * event's own account is checked with the access gate for the caller's action, so another
 * tenant's event (or a role the permission table does not allow) is null → 404, and the refusal is audited.
 */
export interface EventAccess {
  event: Event;
  account: Account;
  role: Role;
}

export async function eventForStaff(args: { db: Db; staff: Staff; eventId: unknown; action: AccountAction; ip?: string | null }): Promise<EventAccess | null> {
  const id = Number(args.eventId);
  const [event] = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await args.db.select().from(events).where(eq(events.id, id)).limit(1) : [];
  if (!event) {
    await recordAudit({ db: args.db, actorId: args.staff.id, action: 'access.denied', entityType: 'event', entityId: String(args.eventId).slice(0, 40), ip: args.ip ?? null });
    return null;
  }
  const access = await accountForStaff({ db: args.db, staff: args.staff, accountId: event.accountId, action: args.action, ip: args.ip });
  return access ? { event, account: access.account, role: access.role } : null;
}

/** Whether the event page offers its edit forms (the commands check again, lib/events/admin-commands.ts). */
export function mayEdit(role: Role): boolean {
  return can(role, 'events.edit');
}

export interface EventCounts {
  registered: number;
  waitlisted: number;
  checkedIn: number;
  capacity: number | null;
}

export async function eventCounts(db: Db, eventId: number): Promise<EventCounts> {
  const [row] = await db
    .select({
      registered: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed')`.mapWith(Number),
      waitlisted: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')`.mapWith(Number),
      checkedIn: sql<number>`count(*) filter (where ${registrations.status} = 'confirmed' and ${registrations.checkedInAt} is not null)`.mapWith(Number),
      capacity: sql<number | null>`(select capacity from ${events} where ${events.id} = ${eventId})`,
    })
    .from(registrations)
    .where(eq(registrations.eventId, eventId));
  return { registered: row?.registered ?? 0, waitlisted: row?.waitlisted ?? 0, checkedIn: row?.checkedIn ?? 0, capacity: row?.capacity ?? null };
}

/**
 * Events of the accounts this staff member belongs to, soonest first: those not yet over (still
 * to come or running now) by start time ascending, then the ones that have ended, the most
 * recent first — staff open the list to run what is next, not to scroll past last year.
 */
export async function listEventsForAccounts(db: Db, accountIds: string[], now: Date = new Date()) {
  if (accountIds.length === 0) return [];
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      capacity: events.capacity,
      accountName: accounts.name,
      registered: sql<number>`(select count(*)::int from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} = 'confirmed')`.mapWith(Number),
    })
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .where(inArray(events.accountId, accountIds))
    .orderBy(
      sql`(${events.endsAt} < ${at})`,
      sql`case when ${events.endsAt} >= ${at} then ${events.startsAt} end asc`,
      desc(events.startsAt),
      asc(events.id),
    )
    .limit(200);
  return rows.map((r) => ({ ...r, past: r.endsAt < now }));
}

/** Whether the event is over: recap and thank-you are offered only then (docs/events.md). */
export function hasEnded(event: { endsAt: Date }, now: Date = new Date()): boolean {
  return event.endsAt <= now;
}

export interface RosterRow {
  id: number;
  name: string;
  phone: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  source: string;
  /** Whether a WeChat follower is attached (notices can reach them), or a web sign-up. */
  wechat: boolean;
  checkedInAt: Date | null;
  createdAt: Date;
}

/** How many rows the event page (and its live feed) shows; the CSV has them all. */
export const ROSTER_PAGE_LIMIT = 500;

/**
 * The roster: confirmed, then waitlisted (in the order they would be promoted), then cancelled.
 * Phones masked unless `unmasked` (account admins exporting only).
 */
export async function roster(args: { db: Db; eventId: number; unmasked?: boolean; limit?: number }): Promise<RosterRow[]> {
  const query = args.db
    .select({ r: registrations, openid: followers.openid, displayName: followers.displayName })
    .from(registrations)
    .leftJoin(followers, eq(followers.id, registrations.followerId))
    .where(eq(registrations.eventId, args.eventId))
    // Waitlisted rows in promotion order (when they joined the waitlist); the others by when
    // they registered, so checking someone in does not move their row under staff's finger.
    .orderBy(asc(registrations.status), sql`case when ${registrations.status} = 'waitlisted' then ${registrations.updatedAt} else ${registrations.createdAt} end`, asc(registrations.id));
  const rows = args.limit ? await query.limit(args.limit) : await query;
  return rows.map(({ r, openid, displayName }) => ({
    id: r.id,
    name: r.name ?? displayName ?? (openid ? `${openid.slice(0, 6)}…` : ''),
    phone: args.unmasked ? (r.phone ?? '') : maskPhone(r.phone),
    status: r.status,
    source: r.source,
    wechat: r.followerId !== null,
    checkedInAt: r.checkedInAt,
    createdAt: r.createdAt,
  }));
}

/** A roster row as the event page and its live feed carry it: masked phone, dates as ISO text. */
export interface LiveRosterRow {
  id: number;
  name: string;
  phone: string;
  status: RosterRow['status'];
  wechat: boolean;
  checkedInAt: string | null;
}

export interface LiveSnapshot {
  counts: EventCounts;
  roster: LiveRosterRow[];
}

/**
 * What the event page shows first and then polls (/admin/events/{id}/live): the counts and the
 * roster together, so a new registration appears in both at the same time.
 */
export async function liveEvent(db: Db, eventId: number): Promise<LiveSnapshot> {
  const [counts, rows] = await Promise.all([eventCounts(db, eventId), roster({ db, eventId, limit: ROSTER_PAGE_LIMIT })]);
  return {
    counts,
    roster: rows.map((r) => ({ id: r.id, name: r.name, phone: r.phone, status: r.status, wechat: r.wechat, checkedInAt: r.checkedInAt?.toISOString() ?? null })),
  };
}

export interface KnownPlace {
  placeName: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  /** Where the suggestion comes from: this account's own events, or public events nearby. */
  origin: 'own' | 'region';
}

/**
 * Places to pick from when creating an event, so staff need not type coordinates: the places of
 * this account's earlier events, then those of published events of other accounts in the same
 * city (public on /events already). Offline by design — no map service (docs/events.md).
 */
export async function knownPlaces(db: Db, accountId: string): Promise<KnownPlace[]> {
  const [account] = await db.select({ regionCode: accounts.regionCode }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  const cityCodes = account?.regionCode ? await cityRegionCodes(db, account.regionCode) : [];
  const columns = { placeName: events.placeName, address: events.address, latitude: events.latitude, longitude: events.longitude, startsAt: events.startsAt };
  const [own, nearby] = await Promise.all([
    db.select(columns).from(events).where(and(eq(events.accountId, accountId), isNotNull(events.placeName))).orderBy(desc(events.startsAt)).limit(200),
    cityCodes.length === 0
      ? Promise.resolve([])
      : db
          .select(columns)
          .from(events)
          .innerJoin(accounts, eq(accounts.id, events.accountId))
          .where(and(ne(events.accountId, accountId), eq(events.status, 'published'), inArray(accounts.regionCode, cityCodes), isNotNull(events.placeName)))
          .orderBy(desc(events.startsAt))
          .limit(200),
  ]);
  const seen = new Set<string>();
  const places: KnownPlace[] = [];
  for (const [origin, rows] of [['own', own], ['region', nearby]] as const) {
    for (const r of rows) {
      const key = `${r.placeName}\u0000${r.address ?? ''}`;
      if (!r.placeName || seen.has(key)) continue;
      seen.add(key);
      places.push({ placeName: r.placeName, address: r.address ?? '', latitude: r.latitude, longitude: r.longitude, origin });
    }
  }
  // A bare name (no address, no coordinates) adds nothing when the same place is also known in full.
  const complete = (p: KnownPlace) => p.address !== '' || p.latitude !== null;
  const fullNames = new Set(places.filter(complete).map((p) => p.placeName));
  return places.filter((p) => complete(p) || !fullNames.has(p.placeName)).slice(0, 100);
}

/** The region codes of the city `code` lies in: the city itself and the districts under it. */
async function cityRegionCodes(db: Db, code: string): Promise<string[]> {
  let current = code;
  for (let depth = 0; depth < 4; depth++) {
    const [row] = await db.select({ code: regions.code, level: regions.level, parent: regions.parentCode }).from(regions).where(eq(regions.code, current)).limit(1);
    if (!row) return [code];
    if (row.level === 'city' || !row.parent) {
      const children = await db.select({ code: regions.code }).from(regions).where(eq(regions.parentCode, row.code));
      return [row.code, ...children.map((c) => c.code)];
    }
    current = row.parent;
  }
  return [code];
}

export function rosterCsv(rows: RosterRow[]): string {
  return toCsv([
    ['id', 'name', 'phone', 'status', 'source', 'checked_in_at', 'registered_at'],
    ...rows.map((r) => [r.id, r.name, r.phone, r.status, r.source, r.checkedInAt?.toISOString() ?? '', r.createdAt.toISOString()]),
  ]);
}

/** Notices we could not route (web sign-ups, closed window without template, refused templates). */
export async function unreachableNotices(db: Db, eventId: number) {
  const rows = await db
    .select({ id: eventNotices.id, kind: eventNotices.kind, reason: eventNotices.reason, at: eventNotices.createdAt, name: registrations.name, phone: registrations.phone, openid: followers.openid })
    .from(eventNotices)
    .innerJoin(registrations, eq(registrations.id, eventNotices.registrationId))
    .leftJoin(followers, eq(followers.id, eventNotices.followerId))
    .where(and(eq(eventNotices.eventId, eventId), eq(eventNotices.route, 'unreachable')))
    .orderBy(desc(eventNotices.id))
    .limit(200);
  return rows.map((r) => ({ ...r, who: r.name ?? (r.openid ? `${r.openid.slice(0, 6)}…` : ''), phone: maskPhone(r.phone) }));
}
