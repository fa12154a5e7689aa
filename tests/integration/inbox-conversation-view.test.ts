import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, conversations, followers } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { noteCommand, panelCommand, replyCommand } from '../../lib/inbox/commands';
import { conversationDetail, type TimelineEntry } from '../../lib/inbox/detail';
import { loadInbox } from '../../lib/inbox/inbox-page';
import { inboxActivity } from '../../lib/inbox/list';
import { translator } from '../../lib/i18n/messages';
import { citizenName } from '../../lib/inbox/display';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, drainOutbox, staffOf, type InboxWorld } from './inbox-fixtures';
import { publishedEvent } from './events-fixtures';

/**
 * The conversation view's data (docs/inbox.md, "A conversation"): the whole history in order,
 * commands shown as such, and the side panel's one save (remark, status, assignee) behind the
 * tenant gate. Citizens write through the real webhook.
 */
const SLUG = 'zhongshan-youth';
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

async function detailOf(openid: string) {
  return conversationDetail({ db: w.t.db, conversation: await conversationOf(w, SLUG, openid) });
}

function describeEntry(e: TimelineEntry): string {
  switch (e.kind) {
    case 'citizen':
      return `${e.command ? 'command' : 'citizen'}:${e.message.content}`;
    case 'answer':
      return `${e.command ? 'command-answer' : 'auto'}:${e.reply.type === 'text' ? e.reply.content.slice(0, 6) : e.reply.type}`;
    case 'staff':
      return `staff:${e.message.content}:${e.message.deliveryState}`;
    case 'note':
      return `note:${e.body}`;
  }
}

describe('the timeline', () => {
  it('shows the citizen, the automatic reply, the staff reply, a note and a command with its answer, in order', async () => {
    const event = await publishedEvent(w, SLUG);
    await citizenWrites(w, SLUG, 'oTimeline', '你好');
    const c = await conversationOf(w, SLUG, 'oTimeline');
    expect(await replyCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, text: '请问有什么可以帮你？' } })).toMatchObject({ ok: true });
    await drainOutbox(w);
    expect(await noteCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, body: '老用户，上次问过志愿时长' } })).toMatchObject({ ok: true });
    await citizenWrites(w, SLUG, 'oTimeline', `报名 ${event.id}`);

    expect((await detailOf('oTimeline')).timeline.map(describeEntry)).toEqual([
      'citizen:你好',
      'auto:你好！这里是',
      'staff:请问有什么可以帮你？:sent',
      'note:老用户，上次问过志愿时长',
      `command:报名 ${event.id}`,
      'command-answer:报名成功！「',
    ]);
  });

  it('a colleague’s new note changes the live signature, so open screens show it', async () => {
    await citizenWrites(w, SLUG, 'oLiveNote', '问题');
    const c = await conversationOf(w, SLUG, 'oLiveNote');
    const signature = async () => (await inboxActivity({ db: w.t.db, accountIds: [await accountIdOf(w, SLUG)], conversationId: c.id })).signature;
    const before = await signature();
    await noteCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, body: '同事补充' } });
    expect(await signature()).not.toBe(before);
  });

  it('a staff reply that went out as the passive reply is shown once, as the staff reply', async () => {
    await citizenWrites(w, SLUG, 'oHandOver', '上周问的证明', { secondsAgo: 49 * 3600 });
    const c = await conversationOf(w, SLUG, 'oHandOver');
    expect(await replyCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, text: '证明已开好，请来取。' } })).toMatchObject({
      ok: true,
      data: { state: 'waiting_for_citizen' },
    });
    expect((await citizenWrites(w, SLUG, 'oHandOver', '在吗')).reply).toBe('证明已开好，请来取。');
    const entries = (await detailOf('oHandOver')).timeline.map(describeEntry);
    expect(entries.slice(0, 2)).toEqual(['citizen:上周问的证明', 'auto:收到你的留言']);
    expect(entries.slice(2)).toEqual(['staff:证明已开好，请来取。:sent', 'citizen:在吗']);
  });
});

describe('the side panel saves remark, status and assignee with one button', () => {
  it('sets the remark, which names the citizen in the detail and the list; audited without the name', async () => {
    await citizenWrites(w, SLUG, 'oRemarkCitizen1234', '想问问志愿证明');
    const c = await conversationOf(w, SLUG, 'oRemarkCitizen1234');
    const t = translator('zh-CN');
    expect(citizenName((await detailOf('oRemarkCitizen1234')).follower, t)).toBe('市民 · 尾号 1234');

    const saved = await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, remark: '  李阿姨（社区）  ', status: 'open', assigneeId: youth.id } });
    expect(saved).toEqual({ ok: true, data: { changed: ['assigneeId', 'remark'] } });
    expect(citizenName((await detailOf('oRemarkCitizen1234')).follower, t)).toBe('李阿姨（社区）');
    const list = await loadInbox({ db: w.t.db, staff: youth, searchParams: {} });
    const row = list?.kind === 'list' ? list.page.rows.find((r) => r.id === c.id) : undefined;
    expect(row && citizenName(row, t)).toBe('李阿姨（社区）');
    const audits = await w.t.db.select().from(auditLog).where(and(eq(auditLog.action, 'inbox.remark'), eq(auditLog.entityId, String(c.id))));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.detail)).not.toContain('李阿姨');

    // Cleared: the stand-in name comes back.
    expect(await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, remark: '', status: 'resolved', assigneeId: youth.id } })).toEqual({
      ok: true,
      data: { changed: ['status', 'remark'] },
    });
    expect(citizenName((await detailOf('oRemarkCitizen1234')).follower, t)).toBe('市民 · 尾号 1234');
  });

  it('refuses a remark that is too long at its field, and writes nothing', async () => {
    await citizenWrites(w, SLUG, 'oRemarkLong', '问题');
    const c = await conversationOf(w, SLUG, 'oRemarkLong');
    const result = await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, remark: '长'.repeat(41), status: 'resolved', assigneeId: '' } });
    expect(result).toMatchObject({ ok: false, fieldErrors: { remark: expect.any(Array) } });
    expect(await conversationOf(w, SLUG, 'oRemarkLong')).toMatchObject({ status: 'open' });
  });

  it('another account’s conversation is not found, audited, and nothing of it changes', async () => {
    await citizenWrites(w, 'zhaoqing-police', 'oPoliceRemark', '警方的问题');
    const c = await conversationOf(w, 'zhaoqing-police', 'oPoliceRemark');
    const denied = () => w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, youth.id), eq(auditLog.action, 'access.denied')));
    const before = (await denied()).length;
    const result = await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: c.id, remark: '越权备注', status: 'resolved', assigneeId: youth.id } });
    expect(result).toEqual({ ok: false, notFound: true });
    expect((await denied()).length).toBe(before + 1);
    const [follower] = await w.t.db.select().from(followers).where(eq(followers.id, c.followerId));
    expect(follower?.remark).toBeNull();
    const [after] = await w.t.db.select().from(conversations).where(eq(conversations.id, c.id));
    expect(after).toMatchObject({ status: 'open', assigneeId: null });
    // Its own staff may.
    expect(await panelCommand({ db: w.t.db, staff: police, input: { conversationId: c.id, remark: '王先生', status: 'open', assigneeId: '' } })).toMatchObject({ ok: true });
  });

  it('a status the database refuses is named at the status field, and nothing else is written', async () => {
    await citizenWrites(w, SLUG, 'oReopen', '第一次');
    const first = await conversationOf(w, SLUG, 'oReopen');
    await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: first.id, remark: '', status: 'resolved', assigneeId: '' } });
    await citizenWrites(w, SLUG, 'oReopen', '又来问');
    const result = await panelCommand({ db: w.t.db, staff: youth, input: { conversationId: first.id, remark: '张同学', status: 'open', assigneeId: '' } });
    expect(result).toEqual({ ok: false, fieldErrors: { status: ['another_open'] } });
    const [follower] = await w.t.db.select().from(followers).where(eq(followers.id, first.followerId));
    expect(follower?.remark).toBeNull();
  });
});
