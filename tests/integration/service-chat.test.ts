import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, conversations, events, followers, followerTags, followUpTasks, serviceCalendarDays, tags } from '../../db/schema';
import { statusCommand } from '../../lib/inbox/commands';
import { loadServiceSchedule } from '../../lib/service/calendar';
import { shortShanghaiTime } from '../../lib/service/first-answer';
import { addWorkingHours, endOfWorkingDays, isoWeekday, nextWorkingTime } from '../../lib/service/working-time';
import { shanghaiDay, shanghaiMinute } from '../../lib/time/shanghai';
import { demoCredentials, eventMessage, startWebhookServer, type WebhookServer } from '../helpers/webhook';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, drainOutbox, pushEvent, simInbox, staffOf, type InboxWorld } from './inbox-fixtures';

/** Case numbers, status look-up, ratings and office hours through the real webhook (docs/citizen-service.md). */
let w: InboxWorld;
beforeAll(async () => {
  w = await createInboxWorld();
});
afterAll(async () => {
  await w.close();
});

const SLUG = 'zhongshan-youth';
const CASE = /编号 (ZY-\d{6}-[A-Z0-9]{4})/;

async function caseOf(reply: string | null): Promise<string> {
  const m = CASE.exec(reply ?? '');
  if (!m) throw new Error(`no case number in ${reply}`);
  return m[1]!;
}

async function setStatus(openid: string, status: 'open' | 'pending' | 'resolved', slug = SLUG) {
  const staff = await staffOf(w, slug === SLUG ? 'youth@wegov.local' : 'police@wegov.local');
  const convo = await conversationOf(w, slug, openid);
  const latest = await w.t.db.select().from(conversations).where(eq(conversations.followerId, convo.followerId)).orderBy(conversations.id);
  const result = await statusCommand({ db: w.t.db, staff, input: { conversationId: String(latest.at(-1)!.id), status } });
  expect(result.ok).toBe(true);
  await drainOutbox(w);
  return latest.at(-1)!.id;
}

const received = (openid: string) => simInbox(w, SLUG, openid).map((d) => (d.payload as { content?: string }).content ?? '');

async function conversationById(id: number) {
  const [c] = await w.t.db.select().from(conversations).where(eq(conversations.id, id));
  return c!;
}

describe('case numbers', () => {
  it('answers the first question of a new inquiry with a case number, stored once, and not the next message', async () => {
    const first = await citizenWrites(w, SLUG, 'oCaseA', '请问志愿时长证明怎么开？');
    const number = await caseOf(first.reply);
    // The account's text rule first, then the case line.
    expect(first.reply!.startsWith('收到你的留言啦')).toBe(true);
    const convo = await conversationOf(w, SLUG, 'oCaseA');
    expect(convo.caseNumber).toBe(number);
    expect(convo.resolutionDueAt).not.toBeNull();
    const second = await citizenWrites(w, SLUG, 'oCaseA', '还有，需要盖章吗？');
    expect(second.reply).not.toMatch(CASE);
    expect((await conversationOf(w, SLUG, 'oCaseA')).caseNumber).toBe(number);
  });

  it('gives every inquiry its own number', async () => {
    const numbers = new Set<string>();
    for (let i = 0; i < 8; i++) numbers.add(await caseOf((await citizenWrites(w, SLUG, `oMany${i}`, `问题 ${i}`)).reply));
    expect(numbers.size).toBe(8);
  });
});

describe('查询 <number>', () => {
  it('tells the citizen who opened it the status, the department and the due time', async () => {
    const number = await caseOf((await citizenWrites(w, SLUG, 'oLook', '团员证丢了怎么补？')).reply);
    const convo = await conversationOf(w, SLUG, 'oLook');
    const [account] = await w.t.db.select().from(accounts).where(eq(accounts.slug, SLUG));
    const answer = (await citizenWrites(w, SLUG, 'oLook', `查询 ${number.toLowerCase()}`)).reply!;
    expect(answer).toContain(`咨询编号 ${number}`);
    expect(answer).toContain('状态：处理中');
    expect(answer).toContain(`承办部门：${account!.department ?? account!.name}`);
    expect(answer).toContain(`办结时限：${shortShanghaiTime(convo.resolutionDueAt!)} 前`);
    // Traditional characters and a full-width space work too; a look-up is a command, not a question.
    expect((await citizenWrites(w, SLUG, 'oLook', `查詢\u3000${number}`)).reply).toContain('状态：处理中');
    expect((await conversationOf(w, SLUG, 'oLook')).unreadCount).toBe(1);
    // 查询 followed by words is a question for staff, answered like any other.
    const question = (await citizenWrites(w, SLUG, 'oLook', '查询一下团员证补办要多久')).reply!;
    expect(question).not.toContain('没有找到');
    expect((await conversationOf(w, SLUG, 'oLook')).unreadCount).toBe(2);
  });

  it('answers anyone else exactly as for a number that does not exist', async () => {
    const number = await caseOf((await citizenWrites(w, SLUG, 'oOwner', '我的证明开好了吗？')).reply);
    const other = (await citizenWrites(w, SLUG, 'oStranger', `查询 ${number}`)).reply!;
    const unknown = (await citizenWrites(w, SLUG, 'oStranger', `查询 ZY-000000-XXXX`)).reply!;
    expect(other).toBe(unknown.replace('ZY-000000-XXXX', number));
    expect(other).not.toContain('状态');
    // The same number on another account is not this account's case either.
    const police = (await citizenWrites(w, 'zhaoqing-police', 'oOwner', `查询 ${number}`)).reply!;
    expect(police).toContain('没有找到');
  });

  it('answers the case menu button (wegov:case) with the citizen’s latest case', async () => {
    const number = await caseOf((await citizenWrites(w, SLUG, 'oMenu', '想咨询入团流程')).reply);
    const response = await pushEvent(w, SLUG, eventMessage(demoCredentials(SLUG), 'oMenu', 'CLICK', { EventKey: 'wegov:case' }));
    expect(response.status).toBe(200);
    const fromMenu = await (await import('../helpers/webhook')).readReply(demoCredentials(SLUG), await response.text());
    expect(String(fromMenu?.fields.Content)).toContain(`咨询编号 ${number}`);
  });
});

describe('status changes and ratings', () => {
  it('tells the citizen of each change while the window is open, and asks for a rating when resolved', async () => {
    const number = await caseOf((await citizenWrites(w, SLUG, 'oStatus', '周末活动几点集合？')).reply);
    const id = await setStatus('oStatus', 'pending');
    expect(received('oStatus').at(-1)).toBe(`您的咨询（编号 ${number}）已答复，等待您的回复或补充材料。`);
    await setStatus('oStatus', 'resolved');
    expect(received('oStatus').at(-1)).toContain(`您的咨询（编号 ${number}）已办结。`);
    expect(received('oStatus').at(-1)).toContain('回复数字 1–5');
    expect((await conversationById(id)).ratingRequestedAt).not.toBeNull();
    await setStatus('oStatus', 'open');
    expect(received('oStatus').at(-1)).toBe(`您的咨询（编号 ${number}）已重新受理，工作人员会继续处理。`);
  });

  it('sends nothing once the window has closed, and asks for no rating then', async () => {
    await citizenWrites(w, SLUG, 'oLate', '上个月的问题', { secondsAgo: 49 * 3600 });
    const id = await setStatus('oLate', 'resolved');
    expect(received('oLate')).toEqual([]);
    expect((await conversationById(id)).ratingRequestedAt).toBeNull();
  });

  it('attaches a good rating and opens no follow-up', async () => {
    await citizenWrites(w, SLUG, 'oGood', '证明收到了吗？');
    const id = await setStatus('oGood', 'resolved');
    expect((await citizenWrites(w, SLUG, 'oGood', '５')).reply).toBe('感谢您的评价（5 分）！');
    const c = await conversationById(id);
    expect(c.rating).toBe(5);
    expect(c.ratedAt).not.toBeNull();
    expect(await w.t.db.select().from(followUpTasks).where(eq(followUpTasks.conversationId, id))).toEqual([]);
    // A second digit is no new rating: it is an ordinary message now.
    expect((await citizenWrites(w, SLUG, 'oGood', '3')).reply).not.toContain('感谢您的评价');
    expect((await conversationById(id)).rating).toBe(5);
  });

  it('a rating of 1 or 2 opens one follow-up task, due in 5 working days', async () => {
    await citizenWrites(w, SLUG, 'oBad', '一直没人回复！');
    const id = await setStatus('oBad', 'resolved');
    const answer = (await citizenWrites(w, SLUG, 'oBad', '2')).reply!;
    expect(answer).toContain('5 个工作日内与您联系');
    const c = await conversationById(id);
    expect(c.rating).toBe(2);
    const tasks = await w.t.db.select().from(followUpTasks).where(eq(followUpTasks.conversationId, id));
    expect(tasks).toHaveLength(1);
    const schedule = await loadServiceSchedule(w.t.db, await accountIdOf(w, SLUG));
    expect(tasks[0]).toMatchObject({ rating: 2, status: 'open', accountId: await accountIdOf(w, SLUG) });
    expect(tasks[0]!.dueAt).toEqual(endOfWorkingDays(schedule!.calendar, c.ratedAt!, 5));
  });

  it('a rating menu button (wegov:rate:1) counts like the reply', async () => {
    await citizenWrites(w, SLUG, 'oMenuRate', '怎么注册志愿者？');
    const id = await setStatus('oMenuRate', 'resolved');
    const response = await pushEvent(w, SLUG, eventMessage(demoCredentials(SLUG), 'oMenuRate', 'CLICK', { EventKey: 'wegov:rate:1' }));
    expect(response.status).toBe(200);
    expect((await conversationById(id)).rating).toBe(1);
    expect(await w.t.db.select().from(followUpTasks).where(eq(followUpTasks.conversationId, id))).toHaveLength(1);
  });
});

describe('`1`: the most recent ask wins between a rating and an interest-tag offer', () => {
  async function eventWithTags() {
    const start = new Date(Date.now() + 72 * 3600_000);
    const [row] = await w.t.db
      .insert(events)
      .values({ accountId: await accountIdOf(w, SLUG), title: `评价与标签 ${Math.random().toString(36).slice(2, 6)}`, startsAt: start, endsAt: new Date(start.getTime() + 3600_000), capacity: 50, interestTags: ['环保'], status: 'published' })
      .returning();
    return row!;
  }
  async function tagsOf(openid: string) {
    const rows = await w.t.db
      .select({ name: tags.name })
      .from(followerTags)
      .innerJoin(tags, eq(tags.id, followerTags.tagId))
      .innerJoin(followers, eq(followers.id, followerTags.followerId))
      .where(and(eq(followers.openid, openid), eq(followers.accountId, await accountIdOf(w, SLUG))));
    return rows.map((r) => r.name);
  }

  it('a tag offer made after the rating request takes the `1`', async () => {
    await citizenWrites(w, SLUG, 'oOrder1', '活动还有名额吗？');
    const id = await setStatus('oOrder1', 'resolved');
    const event = await eventWithTags();
    expect((await citizenWrites(w, SLUG, 'oOrder1', `报名 ${event.id}`)).reply).toContain('环保');
    expect((await citizenWrites(w, SLUG, 'oOrder1', '1')).reply).not.toContain('感谢您的评价');
    expect(await tagsOf('oOrder1')).toEqual(['环保']);
    expect((await conversationById(id)).rating).toBeNull();
  });

  it('a rating request made after the tag offer takes the `1`', async () => {
    await citizenWrites(w, SLUG, 'oOrder2', '活动要带什么？');
    const event = await eventWithTags();
    expect((await citizenWrites(w, SLUG, 'oOrder2', `报名 ${event.id}`)).reply).toContain('环保');
    const id = await setStatus('oOrder2', 'resolved');
    expect((await citizenWrites(w, SLUG, 'oOrder2', '1')).reply).toContain('感谢您的评价（1 分）');
    expect((await conversationById(id)).rating).toBe(1);
    expect(await tagsOf('oOrder2')).toEqual([]);
  });
});

describe('threads that were never an inquiry', () => {
  it('a thread of keyword commands only (a rating) gets no notice and no rating request when resolved', async () => {
    await citizenWrites(w, SLUG, 'oOnlyCmd', '活动什么时候开始？');
    await setStatus('oOnlyCmd', 'resolved');
    expect((await citizenWrites(w, SLUG, 'oOnlyCmd', '4')).reply).toBe('感谢您的评价（4 分）！');
    const before = received('oOnlyCmd').length;
    // The `4` opened a pending thread of its own, with no case number; resolving it says nothing.
    const id = await setStatus('oOnlyCmd', 'resolved');
    const c = await conversationById(id);
    expect(c.caseNumber).toBeNull();
    expect(c.ratingRequestedAt).toBeNull();
    expect(received('oOnlyCmd')).toHaveLength(before);
  });
});

describe('office hours on the webhook', () => {
  let webhook: WebhookServer | null = null;
  afterAll(async () => {
    await webhook?.close();
  });

  /** Settings change, then a fresh webhook host (its account cache starts empty). */
  async function withSettings(slug: string, officeHours: Record<string, number[][]>, days: Array<{ day: string; kind: 'holiday' | 'workday' }>) {
    const accountId = await accountIdOf(w, slug);
    await w.t.db.update(accounts).set({ officeHours }).where(eq(accounts.id, accountId));
    for (const d of days) {
      await w.t.db.insert(serviceCalendarDays).values({ accountId, ...d }).onConflictDoUpdate({ target: [serviceCalendarDays.accountId, serviceCalendarDays.day], set: { kind: d.kind } });
    }
    await webhook?.close();
    webhook = await startWebhookServer();
    w.webhook = webhook;
    return (await loadServiceSchedule(w.t.db, accountId))!;
  }

  it('at night, says when a reply can be expected: the next working time', async () => {
    const now = new Date();
    const minute = shanghaiMinute(now);
    // Every day's hours lie away from the current time of day: the message arrives "at night".
    const hours = minute < 720 ? [[minute + 60, minute + 120]] : [[minute - 120, minute - 60]];
    const schedule = await withSettings('zhaoqing-police', Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), hours])), []);
    const reply = (await citizenWrites(w, 'zhaoqing-police', 'oNight', '晚上想问一下户口迁移')).reply!;
    const next = nextWorkingTime(schedule.calendar, now)!;
    expect(reply).toContain(`现在是非工作时间，工作人员将于 ${shortShanghaiTime(next)} 起处理`);
    const convo = await conversationOf(w, 'zhaoqing-police', 'oNight');
    expect(convo.dueAt).toEqual(addWorkingHours(schedule.calendar, convo.openedAt, schedule.firstResponseWorkingHours));
    expect(convo.dueAt!.getTime()).toBeGreaterThan(next.getTime());
  });

  it('on a swapped working weekend day (调休), answers as in office hours with Monday’s hours', async () => {
    const today = shanghaiDay(new Date());
    const weekday = isoWeekday(today);
    // Only Monday is a working weekday; today (any other weekday, standing in for a Saturday) is
    // closed by the weekly hours but a workday in the calendar.
    const weekly = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), d === 1 ? [[0, 1440]] : []]));
    const schedule = await withSettings('zhongshan-youth', weekly, [{ day: today, kind: 'workday' }]);
    expect(weekday === 1 || schedule.calendar.weekly[weekday]!.length === 0).toBe(true);
    const reply = (await citizenWrites(w, SLUG, 'oSwapped', '调休日也上班吗？')).reply!;
    expect(reply).toContain('工作人员将在');
    expect(reply).not.toContain('非工作时间');
    const convo = await conversationOf(w, SLUG, 'oSwapped');
    expect(convo.dueAt).toEqual(addWorkingHours(schedule.calendar, convo.openedAt, 4));
    expect(shanghaiDay(convo.dueAt!) === today || convo.dueAt!.getTime() - convo.openedAt.getTime() > 4 * 3600_000).toBe(true);
  });
});
