import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as eventsRoute } from '../../app/api/v1/events/route';
import { GET as eventIcs } from '../../app/(public)/events/[id]/event.ics/route';
import { GET as feedIcs } from '../../app/(public)/events/calendar.ics/route';
import { events, followers, registrations } from '../../db/schema';
import { listPublicEvents } from '../../lib/events/public-events';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

let t: TestDb;
let firstId: number;
beforeAll(async () => {
  t = await createSeededAppDb();
  const [first] = await t.db.select({ id: events.id, accountId: events.accountId }).from(events).orderBy(events.id).limit(1);
  firstId = first!.id;
  // Two confirmed and one waitlisted registration for the first event.
  const made = await t.db
    .insert(followers)
    .values(['o1', 'o2', 'o3'].map((openid) => ({ accountId: first!.accountId, openid, subscribed: true })))
    .returning({ id: followers.id });
  await t.db.insert(registrations).values([
    { eventId: firstId, followerId: made[0]!.id, status: 'confirmed', source: 'keyword' },
    { eventId: firstId, followerId: made[1]!.id, status: 'confirmed', source: 'keyword' },
    { eventId: firstId, followerId: made[2]!.id, status: 'waitlisted', source: 'keyword' },
  ]);
});
afterAll(async () => {
  await t.close();
});

type EventJson = { id: number; account: string; title: string; startsAt: string; endsAt: string; place: string | null; capacity: number | null; registeredCount: number; waitlistCount: number; registrationKeyword: string };

describe('GET /api/v1/events', () => {
  it('lists upcoming events with registration counts and the keyword', async () => {
    const response = await eventsRoute(new Request('http://localhost/api/v1/events'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: EventJson[]; nextCursor: string | null };
    expect(body.data).toHaveLength(4);
    const first = body.data.find((e) => e.id === firstId)!;
    expect(first).toMatchObject({ account: 'zhongshan-youth', registeredCount: 2, waitlistCount: 1, registrationKeyword: `报名 ${firstId}`, capacity: 40 });
    expect(new Date(first.startsAt).toISOString()).toBe(first.startsAt);
    const starts = body.data.map((e) => e.startsAt);
    expect([...starts].sort()).toEqual(starts);
  });

  it('filters by account and pages with a cursor', async () => {
    const police = (await (await eventsRoute(new Request('http://localhost/api/v1/events?account=zhaoqing-police'))).json()) as { data: EventJson[] };
    expect(police.data.map((e) => e.account)).toEqual(['zhaoqing-police']);
    const page1 = (await (await eventsRoute(new Request('http://localhost/api/v1/events?limit=2'))).json()) as { data: EventJson[]; nextCursor: string };
    const page2 = (await (await eventsRoute(new Request(`http://localhost/api/v1/events?limit=2&cursor=${page1.nextCursor}`))).json()) as { data: EventJson[]; nextCursor: string | null };
    expect([...page1.data, ...page2.data].map((e) => e.id).sort()).toHaveLength(4);
    expect(page2.nextCursor).toBeNull();
  });

  it('answers 400 for bad parameters', async () => {
    for (const q of ['limit=51', 'from=yesterday', 'account=Bad%20Slug', 'cursor=xyz', 'from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z']) {
      const response = await eventsRoute(new Request(`http://localhost/api/v1/events?${q}`));
      expect(response.status, q).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
  });

  it('hides drafts and cancelled events', async () => {
    await t.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, firstId));
    const { items } = await listPublicEvents({ db: t.db });
    expect(items.map((e) => e.id)).not.toContain(firstId);
    await t.db.update(events).set({ status: 'published' }).where(eq(events.id, firstId));
  });
});

describe('iCalendar', () => {
  it('one event downloads as a valid calendar with UTC times', async () => {
    const response = await eventIcs(new Request(`http://localhost/events/${firstId}/event.ics`), { params: Promise.resolve({ id: String(firstId) }) });
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await response.text();
    expect(text).toContain('\r\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe('岐江河畔清洁行动');
    const [row] = await t.db.select().from(events).where(eq(events.id, firstId));
    expect(event.startDate.toJSDate().getTime()).toBe(row!.startsAt.getTime());
    expect(event.description).toContain(`报名 ${firstId}`);
  });

  it('the feed of all events parses and holds every upcoming event', async () => {
    const text = await (await feedIcs()).text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(4);
  });
});
