import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../db/schema';
import { storeInquiryIn, type InquiryRow } from '../../lib/inbox/store-inquiry';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, type InboxWorld } from './inbox-fixtures';
import { publishedEvent } from './events-fixtures';

/**
 * Keyword commands (报名 / 取消, answered by the events hook inside ingest) are answered
 * automatically: they are not questions for staff, so they neither count as unread nor start
 * the clock of a due time (docs/inbox.md, "Keyword commands"). Through the real webhook.
 */
const SLUG = 'zhongshan-youth';
let w: InboxWorld;
let eventId: number;

beforeAll(async () => {
  w = await createInboxWorld();
  eventId = (await publishedEvent(w, SLUG)).id;
});
afterAll(async () => {
  await w.close();
});

async function messagesOf(conversationId: number) {
  return w.t.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(messages.id);
}

describe('keyword commands are not unread questions', () => {
  it('a first 报名 opens a thread with nothing unread, no due time and nothing for staff to do', async () => {
    const { reply } = await citizenWrites(w, SLUG, 'oCmdFirst', `报名 ${eventId}`);
    expect(reply).toContain('报名成功');
    const c = await conversationOf(w, SLUG, 'oCmdFirst');
    expect(c).toMatchObject({ unreadCount: 0, dueAt: null, status: 'pending' });
    const [m] = await messagesOf(c.id);
    expect(m).toMatchObject({ direction: 'inbound', event: 'command', content: `报名 ${eventId}` });
    expect((m!.reply as { content: string }).content).toContain('报名成功');
  });

  it('an ordinary question after it counts as unread, gets a due time and needs a reply', async () => {
    await citizenWrites(w, SLUG, 'oCmdFirst', '请问活动要带什么？');
    const c = await conversationOf(w, SLUG, 'oCmdFirst');
    expect(c.status).toBe('open');
    expect(c.unreadCount).toBe(1);
    expect(c.dueAt).not.toBeNull();
    const question = (await messagesOf(c.id)).at(-1)!;
    expect(question.event).toBeNull();
  });

  it('取消 in a thread with an unanswered question leaves its unread count and due time as they were', async () => {
    await citizenWrites(w, SLUG, 'oCmdMixed', '周六几点集合？');
    const before = await conversationOf(w, SLUG, 'oCmdMixed');
    expect(before).toMatchObject({ unreadCount: 1, status: 'open' });
    expect((await citizenWrites(w, SLUG, 'oCmdMixed', `报名 ${eventId}`)).reply).toContain('报名成功');
    expect((await citizenWrites(w, SLUG, 'oCmdMixed', `取消 ${eventId}`)).reply).toContain('取消');
    const after = await conversationOf(w, SLUG, 'oCmdMixed');
    expect(after).toMatchObject({ id: before.id, unreadCount: 1, status: 'open', dueAt: before.dueAt });
    const rows = await messagesOf(after.id);
    expect(rows.map((m) => m.event)).toEqual([null, 'command', 'command']);
  });

  it('a 报名 for an event that does not exist is still a command: answered, not counted', async () => {
    const { reply } = await citizenWrites(w, SLUG, 'oCmdUnknown', '报名 999999');
    expect(reply).toBeTruthy();
    expect(await conversationOf(w, SLUG, 'oCmdUnknown')).toMatchObject({ unreadCount: 0, dueAt: null });
  });

  it('an ordinary first question counts: unread 1, a due time, needs a reply', async () => {
    await citizenWrites(w, SLUG, 'oCmdQuestion', '志愿时长怎么查？');
    const c = await conversationOf(w, SLUG, 'oCmdQuestion');
    expect(c).toMatchObject({ unreadCount: 1, status: 'open' });
    expect(c.dueAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('a message the command hook leaves unanswered is a question after all: counted, due, needs a reply', async () => {
    // The hook may be asked about messages it does not take up (docs/inbox.md, "Keyword commands").
    const now = new Date();
    const row: InquiryRow = {
      accountId: await accountIdOf(w, SLUG),
      openid: 'oCmdUnanswered',
      dedupKey: `m:unanswered-${now.getTime()}`,
      msgType: 'text',
      content: '1',
      payload: { MsgType: 'text', Content: '1' },
      reply: { type: 'text', content: '收到' },
      preview: '1',
      receivedAt: now,
      sentAt: now,
      dueAt: new Date(now.getTime() + 3_600_000),
    };
    const stored = await w.t.db.transaction((tx) => storeInquiryIn(tx, row, async () => null));
    expect(stored).toMatchObject({ outcome: 'stored', reply: { type: 'text', content: '收到' } });
    const c = await conversationOf(w, SLUG, 'oCmdUnanswered');
    expect(c).toMatchObject({ unreadCount: 1, status: 'open', dueAt: row.dueAt });
    expect((await messagesOf(c.id))[0]!.event).toBeNull();
  });
});
