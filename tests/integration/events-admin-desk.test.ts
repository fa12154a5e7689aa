import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, eventNotices, events, registrations } from '../../db/schema';
import { knownPlaces, listEventsForAccounts, liveEvent } from '../../lib/events/admin';
import {
  checkInRegistrationCommand,
  outcomeEventCommand,
  promoteRegistrationCommand,
  removeRegistrationCommand,
  thankAttendeesCommand,
  updateEventCommand,
} from '../../lib/events/admin-commands';
import { registerOnWeb } from '../../lib/events/registration';
import type { Staff } from '../../lib/auth/access';
import { demoCredentials, eventMessage } from '../helpers/webhook';
import { accountIdOf, createInboxWorld, pushEvent, staffOf, type InboxWorld } from './inbox-fixtures';
import { publishedEvent, registrationsOf } from './events-fixtures';

/**
 * Issue 11 item 10, the desk on the event page: manual check-in, promotion from the waitlist and
 * removal — each gated on the event's own account and on the registration belonging to that
 * event (foreign ids are a 404 and change nothing), each audited; removal frees the place for
 * the waitlist; the recap and the thank-you wait for the end of the event. docs/events.md.
 */
let w: InboxWorld;
let youth: Staff;
let police: Staff;
beforeAll(async () => {
  w = await createInboxWorld();
  youth = await staffOf(w, 'youth@wegov.local');
  police = await staffOf(w, 'police@wegov.local');
});
afterAll(async () => {
  await w.close();
});

async function webSignUp(eventId: number, name: string, phone: string) {
  const result = await registerOnWeb({ db: w.t.db, eventId, name, phone });
  if (!result.ok) throw new Error(`registration refused: ${result.reason}`);
  return result;
}

async function auditOf(action: string, registrationId: number) {
  return w.t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityType, 'registration'), eq(auditLog.entityId, String(registrationId))));
}

const snapshot = async (eventId: number) =>
  (await w.t.db.select().from(registrations).where(eq(registrations.eventId, eventId)).orderBy(registrations.id)).map((r) => ({ id: r.id, status: r.status, checkedInAt: r.checkedInAt }));

describe('manual check-in', () => {
  it('checks in a confirmed registration once, audited; a waitlisted one must be promoted first', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 1 });
    const first = await webSignUp(event.id, '陈一', '13800000001');
    const second = await webSignUp(event.id, '陈二', '13800000002');
    expect([first.status, second.status]).toEqual(['confirmed', 'waitlisted']);

    expect(await checkInRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: String(event.id), registrationId: String(first.registrationId) } })).toEqual({ ok: true, data: { already: false } });
    const [row] = await w.t.db.select().from(registrations).where(eq(registrations.id, first.registrationId));
    expect(row!.checkedInAt).toBeInstanceOf(Date);
    expect(await auditOf('registration.check_in', first.registrationId)).toHaveLength(1);
    // A second tap changes nothing and writes no second audit row.
    expect(await checkInRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: first.registrationId } })).toEqual({ ok: true, data: { already: true } });
    expect(await auditOf('registration.check_in', first.registrationId)).toHaveLength(1);

    expect(await checkInRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: second.registrationId } })).toEqual({ ok: false, error: 'not_confirmed' });
    expect((await liveEvent(w.t.db, event.id)).counts).toMatchObject({ registered: 1, waitlisted: 1, checkedIn: 1 });
  });
});

describe('foreign ids', () => {
  it('answers 404 and changes nothing for another account’s event, or a registration of another event', async () => {
    const ours = await publishedEvent(w, 'zhongshan-youth', { capacity: 1 });
    const theirs = await publishedEvent(w, 'zhaoqing-police', { capacity: 1 });
    const ourConfirmed = await webSignUp(ours.id, '李一', '13900000001');
    const ourWaiting = await webSignUp(ours.id, '李二', '13900000002');
    const theirConfirmed = await webSignUp(theirs.id, '王一', '13700000001');
    const theirWaiting = await webSignUp(theirs.id, '王二', '13700000002');
    const before = [await snapshot(ours.id), await snapshot(theirs.id)];
    const commands = [checkInRegistrationCommand, promoteRegistrationCommand, removeRegistrationCommand];
    for (const command of commands) {
      // Police staff, our event and registrations.
      expect(await command({ db: w.t.db, staff: police, input: { eventId: ours.id, registrationId: ourConfirmed.registrationId } })).toEqual({ ok: false, notFound: true });
      expect(await command({ db: w.t.db, staff: police, input: { eventId: ours.id, registrationId: ourWaiting.registrationId } })).toEqual({ ok: false, notFound: true });
      // Youth staff, their own event, but police's registrations.
      expect(await command({ db: w.t.db, staff: youth, input: { eventId: ours.id, registrationId: theirConfirmed.registrationId } })).toEqual({ ok: false, notFound: true });
      expect(await command({ db: w.t.db, staff: youth, input: { eventId: ours.id, registrationId: theirWaiting.registrationId } })).toEqual({ ok: false, notFound: true });
      // The tenant comes from the event: extra fields are refused.
      expect(await command({ db: w.t.db, staff: youth, input: { eventId: ours.id, registrationId: ourConfirmed.registrationId, accountId: await accountIdOf(w, 'zhaoqing-police') } })).toMatchObject({ ok: false, fieldErrors: {} });
    }
    expect([await snapshot(ours.id), await snapshot(theirs.id)]).toEqual(before);
    for (const id of [ourConfirmed, ourWaiting, theirConfirmed, theirWaiting].map((r) => r.registrationId)) {
      for (const action of ['registration.check_in', 'registration.promote', 'registration.remove']) expect(await auditOf(action, id)).toHaveLength(0);
    }
    const denied = await w.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.entityType, 'registration'), eq(auditLog.actorId, youth.id)));
    expect(denied.length).toBeGreaterThanOrEqual(6);
    expect(await w.t.db.select().from(eventNotices).where(eq(eventNotices.eventId, theirs.id))).toHaveLength(0);
  });
});

describe('promote and remove', () => {
  it('removing a confirmed place promotes the next on the waitlist and tells them; a chosen person is promoted only into a free seat', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 1 });
    const seated = await webSignUp(event.id, '张一', '13600000001');
    // A follower on the waitlist, by the event QR (closed window: the notice is listed as unreachable).
    await pushEvent(w, 'zhongshan-youth', eventMessage(demoCredentials('zhongshan-youth'), 'oDeskNext', 'subscribe', { EventKey: `qrscene_event:${event.id}` }));
    const later = await webSignUp(event.id, '张三', '13600000003');
    const next = (await registrationsOf(w, event.id)).find((r) => r.openid === 'oDeskNext')!;
    expect(next.status).toBe('waitlisted');

    // Full: a chosen person cannot jump into a seat that is not free.
    expect(await promoteRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: later.registrationId } })).toEqual({ ok: false, error: 'full' });
    expect(await promoteRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: seated.registrationId } })).toEqual({ ok: false, error: 'not_waitlisted' });

    const removed = await removeRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: seated.registrationId } });
    expect(removed).toEqual({ ok: true, data: { promoted: [next.id] } });
    const statuses = Object.fromEntries((await registrationsOf(w, event.id)).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ [seated.registrationId]: 'cancelled', [next.id]: 'confirmed', [later.registrationId]: 'waitlisted' });
    const [remove] = await auditOf('registration.remove', seated.registrationId);
    expect(remove).toMatchObject({ actorId: youth.id, detail: { eventId: event.id, was: 'confirmed', promoted: [next.id] } });
    const [notice] = await w.t.db.select().from(eventNotices).where(and(eq(eventNotices.registrationId, next.id), eq(eventNotices.kind, 'promoted')));
    expect(notice).toMatchObject({ followerId: expect.any(Number), route: 'unreachable', reason: 'window_closed' });
    expect(await removeRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: seated.registrationId } })).toEqual({ ok: false, error: 'already_removed' });

    // One more seat (a bigger room): staff promote the chosen web registrant, who is listed for a phone call.
    await w.t.db.update(events).set({ capacity: 2 }).where(eq(events.id, event.id));
    expect(await promoteRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: later.registrationId } })).toEqual({ ok: true, data: { notice: 'unreachable' } });
    expect((await w.t.db.select().from(registrations).where(eq(registrations.id, later.registrationId)))[0]!.status).toBe('confirmed');
    expect(await auditOf('registration.promote', later.registrationId)).toHaveLength(1);
    const [webNotice] = await w.t.db.select().from(eventNotices).where(and(eq(eventNotices.registrationId, later.registrationId), eq(eventNotices.kind, 'promoted')));
    expect(webNotice).toMatchObject({ route: 'unreachable', reason: 'no_wechat' });
    expect((await liveEvent(w.t.db, event.id)).counts).toMatchObject({ registered: 2, waitlisted: 0 });
  });

  it('removing a waitlisted registration promotes nobody', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 1 });
    await webSignUp(event.id, '赵一', '13500000001');
    const waiting = await webSignUp(event.id, '赵二', '13500000002');
    const third = await webSignUp(event.id, '赵三', '13500000003');
    expect(await removeRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: event.id, registrationId: waiting.registrationId } })).toEqual({ ok: true, data: { promoted: [] } });
    expect((await w.t.db.select().from(registrations).where(eq(registrations.id, third.registrationId)))[0]!.status).toBe('waitlisted');
  });
});

describe('raising the capacity', () => {
  it('moves the waitlist up into the new places at once, in order', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 1 });
    await webSignUp(event.id, '钱一', '13400000001');
    const second = await webSignUp(event.id, '钱二', '13400000002');
    const third = await webSignUp(event.id, '钱三', '13400000003');
    const fourth = await webSignUp(event.id, '钱四', '13400000004');
    // The form's values, as the edit form would send them (Beijing wall-clock time).
    const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
    await w.t.db.update(events).set({ startsAt: new Date(beijing(event.startsAt) + ':00+08:00'), endsAt: new Date(beijing(event.endsAt) + ':00+08:00') }).where(eq(events.id, event.id));
    const input = { eventId: event.id, title: event.title, startsAt: beijing(event.startsAt), endsAt: beijing(event.endsAt), capacity: '3' };
    expect(await updateEventCommand({ db: w.t.db, staff: youth, input })).toEqual({ ok: true, data: undefined });
    const status = Object.fromEntries((await registrationsOf(w, event.id)).map((r) => [r.id, r.status]));
    expect([status[second.registrationId], status[third.registrationId], status[fourth.registrationId]]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    const notices = await w.t.db.select().from(eventNotices).where(and(eq(eventNotices.eventId, event.id), eq(eventNotices.kind, 'promoted')));
    expect(notices.map((n) => n.registrationId).sort()).toEqual([second.registrationId, third.registrationId].sort());
  });
});

describe('recap and thanks', () => {
  it('are refused before the event has ended, and accepted after', async () => {
    const coming = await publishedEvent(w, 'zhongshan-youth', { startsInHours: 1 });
    const checkedIn = await webSignUp(coming.id, '周一', '13300000001');
    await checkInRegistrationCommand({ db: w.t.db, staff: youth, input: { eventId: coming.id, registrationId: checkedIn.registrationId } });
    expect(await outcomeEventCommand({ db: w.t.db, staff: youth, input: { eventId: coming.id, outcomeNote: '太早了' } })).toEqual({ ok: false, error: 'not_ended' });
    expect(await thankAttendeesCommand({ db: w.t.db, staff: youth, input: { eventId: coming.id } })).toEqual({ ok: false, error: 'not_ended' });
    expect((await w.t.db.select().from(events).where(eq(events.id, coming.id)))[0]!.outcomeNote).toBeNull();
    expect(await w.t.db.select().from(eventNotices).where(eq(eventNotices.eventId, coming.id))).toHaveLength(0);

    // Started five hours ago, ended two hours ago.
    const over = await publishedEvent(w, 'zhongshan-youth', { startsInHours: -5 });
    const attendee = await w.t.db.insert(registrations).values({ eventId: over.id, name: '周二', phone: '13300000002', status: 'confirmed', source: 'web', checkedInAt: new Date(Date.now() - 4 * 3600_000) }).returning();
    expect(await outcomeEventCommand({ db: w.t.db, staff: youth, input: { eventId: over.id, outcomeNote: '共清理垃圾 30 袋。' } })).toEqual({ ok: true, data: undefined });
    expect(await thankAttendeesCommand({ db: w.t.db, staff: youth, input: { eventId: over.id } })).toEqual({ ok: true, data: { queued: 1 } });
    const [thanks] = await w.t.db.select().from(eventNotices).where(eq(eventNotices.registrationId, attendee[0]!.id));
    expect(thanks).toMatchObject({ kind: 'thanks' });
  });
});

describe('the list and the place picker', () => {
  it('lists what is not over yet soonest first, then the past most recent first', async () => {
    const accountId = await accountIdOf(w, 'duanzhou-youth');
    const hour = 3600_000;
    const make = (title: string, startsIn: number, lasts = 2) =>
      w.t.db
        .insert(events)
        .values({ accountId, title, startsAt: new Date(Date.now() + startsIn * hour), endsAt: new Date(Date.now() + (startsIn + lasts) * hour), status: 'published' })
        .returning({ id: events.id });
    await make('下个月', 24 * 30);
    await make('去年', -24 * 365);
    await make('明天', 24);
    await make('正在进行', -1);
    await make('上周', -24 * 7);
    await make('下周', 24 * 7);
    const list = await listEventsForAccounts(w.t.db, [accountId]);
    expect(list.map((e) => [e.title, e.past])).toEqual([
      ['正在进行', false],
      ['明天', false],
      ['下周', false],
      ['下个月', false],
      ['上周', true],
      ['去年', true],
    ]);
  });

  it('offers this account’s earlier places, then published places of other accounts in the same city, never another city’s', async () => {
    await w.t.db.insert(events).values({
      accountId: await accountIdOf(w, 'zhongshan-weather'),
      title: '气象开放日',
      placeName: '中山市气象局',
      address: '中山市东区松苑路',
      latitude: 22.52,
      longitude: 113.39,
      startsAt: new Date(Date.now() + 86_400_000),
      endsAt: new Date(Date.now() + 90_000_000),
      status: 'published',
    });
    // An event that gave only the name of a place known in full: the bare name is not offered twice.
    await w.t.db.insert(events).values({
      accountId: await accountIdOf(w, 'zhongshan-youth'),
      title: '只写了地点名',
      placeName: '岐江公园南门',
      startsAt: new Date(Date.now() + 86_400_000),
      endsAt: new Date(Date.now() + 90_000_000),
      status: 'draft',
    });
    const places = await knownPlaces(w.t.db, await accountIdOf(w, 'zhongshan-youth'));
    expect(places.filter((p) => p.placeName === '岐江公园南门')).toHaveLength(1);
    const byName = Object.fromEntries(places.map((p) => [p.placeName, p]));
    expect(byName['岐江公园南门']).toMatchObject({ origin: 'own', address: '中山市石岐街道岐江公园', latitude: 22.5176, longitude: 113.3826 });
    expect(byName['中山市气象局']).toMatchObject({ origin: 'region', latitude: 22.52 });
    expect(byName['肇庆市公安局']).toBeUndefined();
    // Own places come first, each place once.
    expect(places.findIndex((p) => p.origin === 'region')).toBeGreaterThan(places.findLastIndex((p) => p.origin === 'own'));
    expect(new Set(places.map((p) => `${p.placeName}|${p.address}`)).size).toBe(places.length);
  });
});
