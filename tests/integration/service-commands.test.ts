import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, followUpTasks, memberships, serviceCalendarDays, users, type MemberRole } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { can } from '../../lib/auth/permissions';
import { ensureCalendarYear, listCalendarDays } from '../../lib/service/calendar';
import { closeFollowUpCommand, listFollowUps } from '../../lib/service/follow-ups';
import { addCalendarDayCommand, removeCalendarDayCommand, saveOfficeHoursCommand } from '../../lib/service/office-hours';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';

/** The office-hours and follow-up commands: every role, tenant isolation, bad input, audit (docs/citizen-service.md). */
let w: InboxWorld;
const members = {} as Record<'platform_admin' | MemberRole, Staff>;
let youthId = '';
const SLUG = 'zhongshan-youth';

async function addMember(role: MemberRole): Promise<Staff> {
  const email = `${role}@service.local`;
  const [u] = await w.t.db.insert(users).values({ email, name: role, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: youthId, role });
  return { id: u!.id, email, name: role, isPlatformAdmin: false, locale: 'zh-CN' };
}

beforeAll(async () => {
  w = await createInboxWorld();
  youthId = await accountIdOf(w, SLUG);
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) members[role] = await addMember(role);
  members.platform_admin = await staffOf(w, 'admin@wegov.local');
});
afterAll(async () => {
  await w.close();
});

const ctx = (staff: Staff, input: Record<string, unknown>) => ({ db: w.t.db, staff, input });
const hours = (extra: Record<string, unknown> = {}) => ({
  account: SLUG,
  day1: '8:30-12:00, 14:00-18:00',
  day2: '8:30-12:00, 14:00-18:00',
  day3: '8:30-12:00, 14:00-18:00',
  day4: '8:30-12:00, 14:00-18:00',
  day5: '8:30-12:00',
  day6: '',
  day7: '',
  firstResponseWorkingHours: '6',
  resolutionWorkingDays: '3',
  ...extra,
});

async function audits(action: string, actorId: string) {
  return w.t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.actorId, actorId)));
}

let taskCounter = 0;
async function openTask(slug = SLUG): Promise<number> {
  const openid = `oTask${++taskCounter}`;
  await citizenWrites(w, slug, openid, '差评回访测试');
  const convo = await conversationOf(w, slug, openid);
  const [task] = await w.t.db
    .insert(followUpTasks)
    .values({ accountId: convo.accountId, conversationId: convo.id, rating: 1, dueAt: new Date(Date.now() - 3600_000) })
    .returning();
  return task!.id;
}

const ROLES = ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const;

describe('each command is allowed to account admins only (the table decides)', () => {
  for (const role of ROLES) {
    it(`saves office hours as ${role}: ${can(role, 'service.hours.edit') ? 'saved and audited' : '404, nothing changed'}`, async () => {
      await w.t.db.update(accounts).set({ officeHours: null, firstResponseWorkingHours: 4 }).where(eq(accounts.id, youthId));
      const result = await saveOfficeHoursCommand(ctx(members[role], hours()));
      const [after] = await w.t.db.select().from(accounts).where(eq(accounts.id, youthId));
      if (can(role, 'service.hours.edit')) {
        expect(result).toEqual({ ok: true, data: undefined });
        expect(after!.officeHours).toMatchObject({ '1': [[510, 720], [840, 1080]], '5': [[510, 720]], '6': [] });
        expect(after!.firstResponseWorkingHours).toBe(6);
        expect(after!.resolutionWorkingDays).toBe(3);
        expect(await audits('service.hours.save', members[role].id)).toHaveLength(1);
      } else {
        expect(result).toEqual({ ok: false, notFound: true });
        expect(after!.officeHours).toBeNull();
        expect(after!.firstResponseWorkingHours).toBe(4);
      }
    });

    it(`adds and removes a calendar day as ${role}`, async () => {
      const day = `2026-03-${String(10 + ROLES.indexOf(role)).padStart(2, '0')}`;
      const added = await addCalendarDayCommand(ctx(members[role], { account: SLUG, day, kind: 'holiday', label: '单位活动日' }));
      const stored = () => w.t.db.select().from(serviceCalendarDays).where(and(eq(serviceCalendarDays.accountId, youthId), eq(serviceCalendarDays.day, day)));
      if (!can(role, 'service.hours.edit')) {
        expect(added).toEqual({ ok: false, notFound: true });
        expect(await stored()).toEqual([]);
        return;
      }
      expect(added.ok).toBe(true);
      expect(await stored()).toMatchObject([{ kind: 'holiday', label: '单位活动日' }]);
      expect(await removeCalendarDayCommand(ctx(members[role], { account: SLUG, day }))).toEqual({ ok: true, data: undefined });
      expect(await stored()).toEqual([]);
      expect(await audits('service.calendar.add', members[role].id)).toHaveLength(1);
      expect(await audits('service.calendar.remove', members[role].id)).toHaveLength(1);
    });

    it(`closes a follow-up as ${role}`, async () => {
      const taskId = await openTask();
      const result = await closeFollowUpCommand(ctx(members[role], { taskId: String(taskId), outcome: '已电话联系，解释了流程。' }));
      const [task] = await w.t.db.select().from(followUpTasks).where(eq(followUpTasks.id, taskId));
      if (can(role, 'service.follow_ups')) {
        expect(result).toEqual({ ok: true, data: undefined });
        expect(task).toMatchObject({ status: 'closed', outcome: '已电话联系，解释了流程。', closedBy: members[role].id });
        expect(await audits('service.follow_up.close', members[role].id)).toHaveLength(1);
      } else {
        expect(result).toEqual({ ok: false, notFound: true });
        expect(task).toMatchObject({ status: 'open', outcome: null });
      }
    });
  }
});

describe('tenant isolation', () => {
  it('another account’s admin gets 404 for this account’s hours, days and follow-ups, and nothing changes', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    const [before] = await w.t.db.select().from(accounts).where(eq(accounts.id, youthId));
    expect(await saveOfficeHoursCommand(ctx(police, hours({ firstResponseWorkingHours: '99' })))).toEqual({ ok: false, notFound: true });
    expect(await addCalendarDayCommand(ctx(police, { account: SLUG, day: '2026-03-30', kind: 'holiday' }))).toEqual({ ok: false, notFound: true });
    expect(await removeCalendarDayCommand(ctx(police, { account: SLUG, day: '2026-10-01' }))).toEqual({ ok: false, notFound: true });
    const taskId = await openTask();
    expect(await closeFollowUpCommand(ctx(police, { taskId, outcome: '越权关闭' }))).toEqual({ ok: false, notFound: true });
    // A form field naming the other account changes nothing either: strict input refuses it.
    expect(await closeFollowUpCommand(ctx(police, { taskId, outcome: 'x', accountId: youthId }))).toEqual({ ok: false, notFound: true });
    const [after] = await w.t.db.select().from(accounts).where(eq(accounts.id, youthId));
    expect(after).toEqual(before);
    expect((await listCalendarDays({ db: w.t.db, accountId: youthId, year: 2026 })).some((d) => d.day === '2026-10-01')).toBe(true);
    const [task] = await w.t.db.select().from(followUpTasks).where(eq(followUpTasks.id, taskId));
    expect(task!.status).toBe('open');
    const denied = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, police.id), eq(auditLog.action, 'access.denied')));
    expect(denied.length).toBeGreaterThanOrEqual(4);
  });

  it('an unknown task id is a 404 like a foreign one', async () => {
    const admin = await staffOf(w, 'youth@wegov.local');
    expect(await closeFollowUpCommand(ctx(admin, { taskId: 999_999_999, outcome: 'x' }))).toEqual({ ok: false, notFound: true });
    expect(await closeFollowUpCommand(ctx(admin, { taskId: 'abc', outcome: 'x' }))).toEqual({ ok: false, notFound: true });
  });
});

describe('bad input is named at its field and changes nothing', () => {
  it('refuses overlapping hours, targets out of range, an impossible date and an empty outcome', async () => {
    const admin = await staffOf(w, 'youth@wegov.local');
    const [before] = await w.t.db.select().from(accounts).where(eq(accounts.id, youthId));
    const bad = await saveOfficeHoursCommand(ctx(admin, hours({ day2: '9:00-12:00, 11:00-13:00', resolutionWorkingDays: '0' })));
    expect(bad.ok).toBe(false);
    expect(Object.keys((bad as { fieldErrors: Record<string, unknown> }).fieldErrors).sort()).toEqual(['day2', 'resolutionWorkingDays']);
    expect((await w.t.db.select().from(accounts).where(eq(accounts.id, youthId)))[0]).toEqual(before);
    const badDay = await addCalendarDayCommand(ctx(admin, { account: SLUG, day: '2026-02-30', kind: 'holiday' }));
    expect((badDay as { fieldErrors?: Record<string, unknown> }).fieldErrors).toHaveProperty('day');
    expect(await removeCalendarDayCommand(ctx(admin, { account: SLUG, day: '2026-03-31' }))).toEqual({ ok: false, error: 'no_such_day' });
    const taskId = await openTask();
    const empty = await closeFollowUpCommand(ctx(admin, { taskId, outcome: '   ' }));
    expect((empty as { fieldErrors?: Record<string, unknown> }).fieldErrors).toHaveProperty('outcome');
    expect(await closeFollowUpCommand(ctx(admin, { taskId, outcome: '已回访' }))).toEqual({ ok: true, data: undefined });
    expect(await closeFollowUpCommand(ctx(admin, { taskId, outcome: '再次关闭' }))).toEqual({ ok: false, error: 'already_closed' });
  });
});

describe('the calendar and the follow-up list', () => {
  it('prefills 2026 once and keeps the account’s own edits', async () => {
    const policeId = await accountIdOf(w, 'zhaoqing-police');
    // The seed already called it: nothing more to add.
    expect(await ensureCalendarYear(w.t.db, policeId, 2026)).toBe(0);
    await w.t.db.update(serviceCalendarDays).set({ kind: 'workday', label: '本单位值班' }).where(and(eq(serviceCalendarDays.accountId, policeId), eq(serviceCalendarDays.day, '2026-10-07')));
    await w.t.db.delete(serviceCalendarDays).where(and(eq(serviceCalendarDays.accountId, policeId), eq(serviceCalendarDays.day, '2026-10-06')));
    expect(await ensureCalendarYear(w.t.db, policeId, 2026)).toBe(1);
    const days = await listCalendarDays({ db: w.t.db, accountId: policeId, year: 2026 });
    expect(days.find((d) => d.day === '2026-10-07')).toMatchObject({ kind: 'workday', label: '本单位值班' });
    expect(days).toHaveLength(39);
    expect(await ensureCalendarYear(w.t.db, policeId, 2031)).toBe(0);
  });

  it('lists open tasks first, soonest due first, with overdue marked; only this account’s', async () => {
    const taskId = await openTask();
    await openTask('zhaoqing-police');
    const rows = await listFollowUps({ db: w.t.db, accountId: youthId });
    const open = rows.filter((r) => r.status === 'open');
    expect(open.find((r) => r.id === taskId)).toMatchObject({ overdue: true, rating: 1 });
    expect(open.map((r) => r.dueAt.getTime())).toEqual([...open.map((r) => r.dueAt.getTime())].sort((a, b) => a - b));
    const ids = new Set((await w.t.db.select({ id: followUpTasks.id }).from(followUpTasks).where(eq(followUpTasks.accountId, youthId))).map((r) => r.id));
    expect(rows.every((r) => ids.has(r.id))).toBe(true);
  });
});
