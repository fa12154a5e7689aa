import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, eventNotices, events, followers, jobs, registrations } from '../../db/schema';
import { eventForStaff, roster, rosterCsv } from '../../lib/events/admin';
import { cancelEventCommand, createEventCommand, publishEventCommand, thankAttendeesCommand, updateEventCommand } from '../../lib/events/admin-commands';
import { TEMPLATE_JOB } from '../../lib/events/notices';
import { sendDueReminders } from '../../lib/events/reminders';
import { SEND_JOB } from '../../lib/inbox/reply';
import { demoCredentials, eventMessage } from '../helpers/webhook';
import { accountIdOf, addAgent, citizenWrites, createInboxWorld, pushEvent, staffOf, type InboxWorld } from './inbox-fixtures';
import { publishedEvent } from './events-fixtures';

let w: InboxWorld;
beforeAll(async () => {
  w = await createInboxWorld();
});
afterAll(async () => {
  await w.close();
});

const form = { title: '植树活动', body: '**带上水杯**', startsAt: '2030-03-12T09:00', endsAt: '2030-03-12T12:00', capacity: '30', interestTags: '环保，志愿服务' };

describe('tenant isolation of event actions', () => {
  it('staff of another account get 404 (and an audit row) for every action; agents cannot edit', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const police = await staffOf(w, 'police@wegov.local');
    const created = await createEventCommand({ db: w.t.db, staff: youth, input: { account: 'zhongshan-youth', ...form } });
    expect(created.ok).toBe(true);
    const eventId = created.ok ? created.data.id : 0;
    const [row] = await w.t.db.select().from(events).where(eq(events.id, eventId));
    expect(row).toMatchObject({ status: 'draft', capacity: 30, interestTags: ['环保', '志愿服务'] });
    expect(row!.startsAt.toISOString()).toBe('2030-03-12T01:00:00.000Z'); // Beijing 09:00

    const attempts = [
      () => createEventCommand({ db: w.t.db, staff: police, input: { account: 'zhongshan-youth', ...form } }),
      () => updateEventCommand({ db: w.t.db, staff: police, input: { eventId, ...form, title: 'hacked' } }),
      () => publishEventCommand({ db: w.t.db, staff: police, config: w.config, input: { eventId } }),
      () => cancelEventCommand({ db: w.t.db, staff: police, input: { eventId } }),
      () => thankAttendeesCommand({ db: w.t.db, staff: police, input: { eventId } }),
    ];
    for (const attempt of attempts) expect(await attempt()).toEqual({ ok: false, notFound: true });
    expect(await eventForStaff({ db: w.t.db, staff: police, eventId, action: 'events.read' })).toBeNull();
    const denied = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, police.id), eq(auditLog.action, 'access.denied')));
    expect(denied.length).toBeGreaterThanOrEqual(6);
    expect((await w.t.db.select().from(events).where(eq(events.id, eventId)))[0]).toMatchObject({ title: '植树活动', status: 'draft' });

    const agent = await addAgent(w, 'zhongshan-youth', 'agent-events@wegov.local');
    expect(await eventForStaff({ db: w.t.db, staff: agent, eventId, action: 'events.read' })).not.toBeNull(); // may read
    expect(await updateEventCommand({ db: w.t.db, staff: agent, input: { eventId, ...form, title: 'x' } })).toEqual({ ok: false, notFound: true });
    // The tenant comes from the event, never from the form (extra fields refused).
    expect(await updateEventCommand({ db: w.t.db, staff: youth, input: { eventId, ...form, accountId: await accountIdOf(w, 'zhaoqing-police') } })).toMatchObject({ ok: false, fieldErrors: {} });
    // Cover images must be https.
    expect(await updateEventCommand({ db: w.t.db, staff: youth, input: { eventId, ...form, coverUrl: 'http://x.test/a.jpg' } })).toMatchObject({ ok: false, fieldErrors: { coverUrl: expect.any(Array) } });

    const published = await publishEventCommand({ db: w.t.db, staff: youth, config: w.config, input: { eventId } });
    // A subscription account may not create parametric codes: published, keyword only.
    expect(published).toEqual({ ok: true, data: { qr: false } });
  });

  it('creates both parametric QR codes for a verified service account on publish', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    const created = await createEventCommand({ db: w.t.db, staff: police, input: { account: 'zhaoqing-police', ...form } });
    const eventId = created.ok ? created.data.id : 0;
    expect(await publishEventCommand({ db: w.t.db, staff: police, config: w.config, input: { eventId } })).toEqual({ ok: true, data: { qr: true } });
    const [row] = await w.t.db.select().from(events).where(eq(events.id, eventId));
    expect(row!.registrationQrUrl).toBeTruthy();
    const calls = w.sim.state.calls({ path: '/cgi-bin/qrcode/create' });
    const scenes = calls.map((c) => JSON.stringify(c.body));
    expect(scenes.some((s) => s.includes(`event:${eventId}`))).toBe(true);
    expect(scenes.some((s) => s.includes(`checkin:${eventId}`))).toBe(true);
  });
});

describe('reminders the day before', () => {
  it('routes: window open → custom/send job; closed + template → template job; closed without template → unreachable; once only', async () => {
    const youthEvent = await publishedEvent(w, 'zhongshan-youth', { startsInHours: 12 });
    const policeEvent = await publishedEvent(w, 'zhaoqing-police', { startsInHours: 12 });
    await w.t.db.update(accounts).set({ reminderTemplateId: 'TPL_EVENT_REMINDER' }).where(eq(accounts.slug, 'zhaoqing-police'));
    // Open window: wrote the keyword just now.
    await citizenWrites(w, 'zhongshan-youth', 'oRemOpen', `报名 ${youthEvent.id}`);
    // Closed window: registered by scanning (an event is not a message; no window opens).
    await pushEvent(w, 'zhongshan-youth', eventMessage(demoCredentials('zhongshan-youth'), 'oRemClosed', 'subscribe', { EventKey: `qrscene_event:${youthEvent.id}` }));
    await pushEvent(w, 'zhaoqing-police', eventMessage(demoCredentials('zhaoqing-police'), 'oRemTpl', 'subscribe', { EventKey: `qrscene_event:${policeEvent.id}` }));

    expect(await sendDueReminders({ db: w.t.db })).toBeGreaterThanOrEqual(3);
    const notices = await w.t.db
      .select({ route: eventNotices.route, reason: eventNotices.reason, openid: followers.openid, kind: eventNotices.kind })
      .from(eventNotices)
      .innerJoin(followers, eq(followers.id, eventNotices.followerId))
      .where(eq(eventNotices.kind, 'reminder'));
    const byOpenid = Object.fromEntries(notices.map((n) => [n.openid, n]));
    expect(byOpenid.oRemOpen).toMatchObject({ route: 'custom' });
    expect(byOpenid.oRemClosed).toMatchObject({ route: 'unreachable', reason: 'window_closed' });
    expect(byOpenid.oRemTpl).toMatchObject({ route: 'template' });
    const templateJobs = await w.t.db.select().from(jobs).where(eq(jobs.kind, TEMPLATE_JOB));
    expect(templateJobs).toHaveLength(1);
    expect((await w.t.db.select().from(jobs).where(eq(jobs.kind, SEND_JOB))).length).toBeGreaterThanOrEqual(1);

    // Idempotent: another scan (or another process) sends nothing new.
    const before = (await w.t.db.select().from(eventNotices)).length;
    expect(await sendDueReminders({ db: w.t.db })).toBe(0);
    expect((await w.t.db.select().from(eventNotices)).length).toBe(before);
  });
});

describe('roster CSV', () => {
  it('has a BOM, masks phones unless asked, and defuses formulas', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth');
    await w.t.db.insert(registrations).values([
      { eventId: event.id, name: '=HYPERLINK("http://evil.test","点我")', phone: '13800138000', status: 'confirmed', source: 'web' },
      { eventId: event.id, name: '张三', phone: '13912345678', status: 'waitlisted', source: 'web' },
      { eventId: event.id, name: '@SUM(1+1)', phone: '13700000000', status: 'confirmed', source: 'web' },
    ]);
    const masked = rosterCsv(await roster({ db: w.t.db, eventId: event.id }));
    expect(masked.startsWith('\uFEFFid,name,phone')).toBe(true);
    expect(masked).toContain('138****8000');
    expect(masked).not.toContain('13800138000');
    expect(masked).toContain(`"'=HYPERLINK(""http://evil.test"",""点我"")"`);
    expect(masked).toContain(`"'@SUM(1+1)"`);
    expect(masked).not.toMatch(/(^|,)[=@+-]/m);
    const full = rosterCsv(await roster({ db: w.t.db, eventId: event.id, unmasked: true }));
    expect(full).toContain('13800138000');
  });
});
