import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, eventNotices, events, followers, registrations, type Account, type Event } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff, roleAtLeast, type Role, type Staff } from '../auth/access';
import { maskPhone, toCsv } from './csv';

/**
 * Staff's read side of events. Every lookup by event id goes through `eventForStaff`: the
 * event's own account is checked with the access gate, so another tenant's event (or a role
 * too low) is null → 404, and the refusal is audited.
 */
export interface EventAccess {
  event: Event;
  account: Account;
  role: Role;
}

export async function eventForStaff(args: { db: Db; staff: Staff; eventId: unknown; minimumRole?: Role; ip?: string | null }): Promise<EventAccess | null> {
  const id = Number(args.eventId);
  const [event] = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await args.db.select().from(events).where(eq(events.id, id)).limit(1) : [];
  if (!event) {
    await recordAudit({ db: args.db, actorId: args.staff.id, action: 'access.denied', entityType: 'event', entityId: String(args.eventId).slice(0, 40), ip: args.ip ?? null });
    return null;
  }
  const access = await accountForStaff({ db: args.db, staff: args.staff, accountId: event.accountId, minimumRole: args.minimumRole, ip: args.ip });
  return access ? { event, account: access.account, role: access.role } : null;
}

export function mayEdit(role: Role): boolean {
  return roleAtLeast(role, 'editor');
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

/** Events of the accounts this staff member belongs to, newest start first. */
export async function listEventsForAccounts(db: Db, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      startsAt: events.startsAt,
      capacity: events.capacity,
      accountName: accounts.name,
      registered: sql<number>`(select count(*)::int from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} = 'confirmed')`.mapWith(Number),
    })
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .where(inArray(events.accountId, accountIds))
    .orderBy(desc(events.startsAt))
    .limit(200);
}

export interface RosterRow {
  id: number;
  name: string;
  phone: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  source: string;
  checkedInAt: Date | null;
  createdAt: Date;
}

/** The roster; phones masked unless `unmasked` (account admins exporting only). */
export async function roster(args: { db: Db; eventId: number; unmasked?: boolean }): Promise<RosterRow[]> {
  const rows = await args.db
    .select({ r: registrations, openid: followers.openid, displayName: followers.displayName })
    .from(registrations)
    .leftJoin(followers, eq(followers.id, registrations.followerId))
    .where(eq(registrations.eventId, args.eventId))
    .orderBy(asc(registrations.status), asc(registrations.updatedAt), asc(registrations.id));
  return rows.map(({ r, openid, displayName }) => ({
    id: r.id,
    name: r.name ?? displayName ?? (openid ? `${openid.slice(0, 6)}…` : ''),
    phone: args.unmasked ? (r.phone ?? '') : maskPhone(r.phone),
    status: r.status,
    source: r.source,
    checkedInAt: r.checkedInAt,
    createdAt: r.createdAt,
  }));
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
