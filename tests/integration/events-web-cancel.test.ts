import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNotices, events, followers, registrations } from '../../db/schema';
import { cancelToken } from '../../lib/events/public-cancel-token';
import { cancelWebRegistrationByLink, findWebRegistrationByLink } from '../../lib/events/public-registration';
import { registerFollower, registerOnWeb } from '../../lib/events/registration';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';

/**
 * The web registrant's private cancel link (docs/events.md, "Web"): it cancels through the one
 * cancel path, so the place goes to the first waitlisted person (with a notice), and nothing
 * but a link we made for that registration of that event does anything.
 */
let t: TestDb;
const keys = { current: 'web-cancel-secret-0123456789' };

beforeAll(async () => {
  t = await createSeededAppDb();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function event(opts: { capacity?: number | null; slug?: string; endsInHours?: number } = {}) {
  const start = new Date(Date.now() + 48 * 3600_000);
  const [row] = await t.db
    .insert(events)
    .values({
      accountId: await accountIdBySlug(t.db, opts.slug ?? 'zhongshan-youth'),
      title: `网页取消测试 ${++n}`,
      placeName: '岐江公园',
      startsAt: opts.endsInHours !== undefined ? new Date(Date.now() - 48 * 3600_000) : start,
      endsAt: opts.endsInHours !== undefined ? new Date(Date.now() + opts.endsInHours * 3600_000) : new Date(start.getTime() + 3 * 3600_000),
      capacity: opts.capacity === undefined ? 1 : opts.capacity,
      status: 'published',
    })
    .returning();
  return row!;
}

async function register(eventId: number, phone: string) {
  const r = await registerOnWeb({ db: t.db, eventId, name: `市民${phone.slice(-4)}`, phone });
  if (!r.ok) throw new Error(`registration refused: ${r.reason}`);
  return r.registrationId;
}

const statuses = async (eventId: number) =>
  Object.fromEntries(
    (await t.db.select({ id: registrations.id, status: registrations.status }).from(registrations).where(eq(registrations.eventId, eventId))).map((r) => [r.id, r.status]),
  );
const notices = (eventId: number) => t.db.select().from(eventNotices).where(eq(eventNotices.eventId, eventId));
const link = (eventId: number, registrationId: number) => cancelToken({ keys, eventId, registrationId });

describe('cancelling a web registration by its private link', () => {
  it('frees the place for the first waitlisted person, tells them, and is harmless the second time', async () => {
    const e = await event({ capacity: 1 });
    const first = await register(e.id, '13800000001');
    const second = await register(e.id, '13800000002');
    const third = await register(e.id, '13800000003');
    expect(await statuses(e.id)).toEqual({ [first]: 'confirmed', [second]: 'waitlisted', [third]: 'waitlisted' });

    const view = await findWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token: link(e.id, first) });
    expect(view).toMatchObject({ id: first, status: 'confirmed', maskedPhone: '138****0001', reference: `${e.id}-${String(first).padStart(4, '0')}`, event: { id: e.id, title: e.title } });

    const cancelled = await cancelWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token: link(e.id, first) });
    expect(cancelled).toEqual({ ok: true, wasStatus: 'confirmed', promoted: [second] });
    expect(await statuses(e.id)).toEqual({ [first]: 'cancelled', [second]: 'confirmed', [third]: 'waitlisted' });
    // A web registrant has no WeChat: the "you're in" notice is listed for staff to phone.
    expect((await notices(e.id)).map((x) => ({ registrationId: x.registrationId, kind: x.kind, route: x.route }))).toEqual([{ registrationId: second, kind: 'promoted', route: 'unreachable' }]);

    const again = await cancelWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token: link(e.id, first) });
    expect(again).toEqual({ ok: false, reason: 'not_registered' });
    expect(await statuses(e.id)).toEqual({ [first]: 'cancelled', [second]: 'confirmed', [third]: 'waitlisted' });
    expect(await notices(e.id)).toHaveLength(1);
    expect(await findWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token: link(e.id, first) })).toMatchObject({ status: 'cancelled' });
  });

  it('a waitlisted person cancelling frees nothing and promotes nobody', async () => {
    const e = await event({ capacity: 1 });
    const first = await register(e.id, '13800000011');
    const second = await register(e.id, '13800000012');
    expect(await cancelWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token: link(e.id, second) })).toEqual({ ok: true, wasStatus: 'waitlisted', promoted: [] });
    expect(await statuses(e.id)).toEqual({ [first]: 'confirmed', [second]: 'cancelled' });
  });

  it('a forged or foreign link finds nothing and changes nothing', async () => {
    const e = await event({ capacity: 1 });
    const other = await event({ capacity: 1, slug: 'zhaoqing-police' });
    const mine = await register(e.id, '13800000021');
    const waiting = await register(e.id, '13800000022');
    const theirs = await register(other.id, '13800000021');
    const accountId = await accountIdBySlug(t.db, 'zhongshan-youth');
    const [follower] = await t.db.insert(followers).values({ accountId, openid: `oWebCancel${e.id}`, subscribed: true }).returning({ id: followers.id });
    const viaWechat = await t.db.transaction((tx) => registerFollower({ tx, accountId, eventId: e.id, followerId: follower!.id, source: 'keyword' }));
    if (!viaWechat.ok) throw new Error('follower registration refused');
    const before = { mine: await statuses(e.id), theirs: await statuses(other.id) };

    const mac = link(e.id, mine).split('.')[1]!;
    const forged = [
      link(other.id, mine), // a real link of another event, on this event's address
      link(e.id, theirs), // a real MAC for a registration of another event
      link(e.id, viaWechat.registrationId), // a WeChat registration: cancelled with 取消 <id>, never by link
      `${waiting}.${mac}`, // someone else's id with my MAC
      cancelToken({ keys: { current: 'not-our-secret-0123456789' }, eventId: e.id, registrationId: mine }),
      `${mine}.${'A'.repeat(22)}`,
      `${mine}`,
      '../../admin',
      '',
    ];
    for (const token of forged) {
      expect(await findWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token })).toBeNull();
      expect(await cancelWebRegistrationByLink({ db: t.db, keys, eventId: e.id, token })).toEqual({ ok: false, reason: 'not_found' });
    }
    // The other event's link does not work on its own event through this event's path, nor the reverse.
    expect(await cancelWebRegistrationByLink({ db: t.db, keys, eventId: other.id, token: link(e.id, mine) })).toEqual({ ok: false, reason: 'not_found' });
    expect({ mine: await statuses(e.id), theirs: await statuses(other.id) }).toEqual(before);
    expect(await notices(e.id)).toHaveLength(0);
  });

  it('refuses to cancel for an event that is over or was cancelled, changing nothing', async () => {
    const running = await event({ capacity: 5, endsInHours: -1 });
    // Registration closes with the end, so the row is put in place as one made before it.
    const [row] = await t.db.insert(registrations).values({ eventId: running.id, name: '市民', phone: '13800000031', status: 'confirmed', source: 'web' }).returning({ id: registrations.id });
    expect(await cancelWebRegistrationByLink({ db: t.db, keys, eventId: running.id, token: link(running.id, row!.id) })).toEqual({ ok: false, reason: 'closed' });
    expect(await statuses(running.id)).toEqual({ [row!.id]: 'confirmed' });

    const called = await event({ capacity: 5 });
    const id = await register(called.id, '13800000032');
    await t.db.update(events).set({ status: 'cancelled' }).where(eq(events.id, called.id));
    expect(await cancelWebRegistrationByLink({ db: t.db, keys, eventId: called.id, token: link(called.id, id) })).toEqual({ ok: false, reason: 'closed' });
    expect(await findWebRegistrationByLink({ db: t.db, keys, eventId: called.id, token: link(called.id, id) })).toMatchObject({ status: 'confirmed', event: { cancelled: true } });
    expect(await statuses(called.id)).toEqual({ [id]: 'confirmed' });

    await t.db.update(events).set({ status: 'draft' }).where(eq(events.id, called.id));
    expect(await findWebRegistrationByLink({ db: t.db, keys, eventId: called.id, token: link(called.id, id) })).toBeNull();
  });
});
