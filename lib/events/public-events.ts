import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, events, regions, registrations } from '../../db/schema';
import { registrationKeyword } from './parse-command';

/**
 * Read side of events for citizens and the open-data API: published events of listed accounts,
 * with registration counts taken from the registrations table. Event management (drafts,
 * registration) lives elsewhere; nothing here writes.
 */
export const MAX_EVENT_PAGE = 50;

export interface PublicEvent {
  id: number;
  account: { slug: string; name: string; official: boolean; category: string; regionCode: string | null; regionName: string | null };
  title: string;
  body: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  address: string | null;
  capacity: number | null;
  registeredCount: number;
  waitlistCount: number;
  registrationKeyword: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  tags: string[];
  contact: string | null;
  updatedAt: Date;
}

export interface ListEventsArgs {
  db: Db;
  account?: string;
  region?: string;
  category?: (typeof accounts.category.enumValues)[number];
  /** Events still going on at or after this moment (default now). */
  from?: Date;
  /** Events starting before this moment. */
  to?: Date;
  cursor?: string;
  limit?: number;
  now?: Date;
}

const registered = sql<number>`(select count(*)::int from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} = 'confirmed')`;
const waitlisted = sql<number>`(select count(*)::int from ${registrations} where ${registrations.eventId} = ${events.id} and ${registrations.status} = 'waitlisted')`;

const columns = {
  id: events.id,
  title: events.title,
  body: events.body,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  place: events.placeName,
  address: events.address,
  capacity: events.capacity,
  registrationOpensAt: events.registrationOpensAt,
  registrationClosesAt: events.registrationClosesAt,
  tags: events.interestTags,
  contact: events.contact,
  updatedAt: events.updatedAt,
  registeredCount: registered,
  waitlistCount: waitlisted,
  accountSlug: accounts.slug,
  accountName: accounts.name,
  accountVerified: accounts.verified,
  accountFlagged: accounts.flaggedImpostor,
  accountCategory: accounts.category,
  regionCode: accounts.regionCode,
  regionName: regions.name,
};

type Row = { [K in keyof typeof columns]: unknown } & {
  id: number;
  title: string;
  body: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  address: string | null;
  capacity: number | null;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date | null;
  tags: string[];
  contact: string | null;
  updatedAt: Date;
  registeredCount: number;
  waitlistCount: number;
  accountSlug: string;
  accountName: string;
  accountVerified: boolean;
  accountFlagged: boolean;
  accountCategory: string;
  regionCode: string | null;
  regionName: string | null;
};

function toPublicEvent(row: Row): PublicEvent {
  return {
    id: row.id,
    account: {
      slug: row.accountSlug,
      name: row.accountName,
      official: row.accountVerified && !row.accountFlagged,
      category: row.accountCategory,
      regionCode: row.regionCode,
      regionName: row.regionName,
    },
    title: row.title,
    body: row.body,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    place: row.place,
    address: row.address,
    capacity: row.capacity,
    registeredCount: Number(row.registeredCount),
    waitlistCount: Number(row.waitlistCount),
    // The keyword citizens send to the account to register (lib/events handles it).
    registrationKeyword: registrationKeyword(row.id),
    registrationOpensAt: row.registrationOpensAt,
    registrationClosesAt: row.registrationClosesAt,
    tags: row.tags,
    contact: row.contact,
    updatedAt: row.updatedAt,
  };
}

export function encodeEventCursor(startsAt: Date, id: number): string {
  return Buffer.from(JSON.stringify([startsAt.toISOString(), id])).toString('base64url');
}

export function decodeEventCursor(cursor: string): [Date, number] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isInteger(value[1])) {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime())) return [at, value[1] as number];
    }
  } catch {
    /* reported by the caller */
  }
  return null;
}

const visible = and(eq(events.status, 'published'), isNull(accounts.disabledAt));

/** Upcoming (or still running) published events, soonest first, keyset-paged by (start, id). */
export async function listPublicEvents(args: ListEventsArgs): Promise<{ items: PublicEvent[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(args.limit ?? 20, 1), MAX_EVENT_PAGE);
  const where: Array<SQL | undefined> = [visible, gte(events.endsAt, args.from ?? args.now ?? new Date())];
  if (args.to) where.push(lt(events.startsAt, args.to));
  if (args.account) where.push(eq(accounts.slug, args.account));
  if (args.category) where.push(eq(accounts.category, args.category));
  if (args.region) {
    where.push(or(eq(accounts.regionCode, args.region), inArray(accounts.regionCode, sql`(select ${regions.code} from ${regions} where ${regions.parentCode} = ${args.region})`)));
  }
  if (args.cursor) {
    const key = decodeEventCursor(args.cursor);
    if (!key) throw new InvalidEventCursorError();
    where.push(sql`(${events.startsAt}, ${events.id}) > (${key[0].toISOString()}::timestamptz, ${key[1]})`);
  }
  const rows = await args.db
    .select(columns)
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(...where))
    .orderBy(events.startsAt, events.id)
    .limit(limit + 1);
  const page = (rows as Row[]).slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(toPublicEvent), nextCursor: rows.length > limit && last ? encodeEventCursor(last.startsAt, last.id) : null };
}

export async function getPublicEvent(args: { db: Db; id: number }): Promise<PublicEvent | null> {
  if (!Number.isSafeInteger(args.id) || args.id < 1 || args.id > 2_147_483_647) return null;
  const [row] = await args.db
    .select(columns)
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .leftJoin(regions, eq(regions.code, accounts.regionCode))
    .where(and(visible, eq(events.id, args.id)))
    .limit(1);
  return row ? toPublicEvent(row as Row) : null;
}

export class InvalidEventCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidEventCursorError';
  }
}
