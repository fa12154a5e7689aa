import { workCalendarOf } from '../../lib/service/calendar';
import { NATIONAL_CALENDAR_2026 } from '../../lib/service/calendar-2026';
import { addWorkingHours, endOfWorkingDays } from '../../lib/service/working-time';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, followers, followerTags, messages, tags } from '../../db/schema';
import type { TestDb } from '../helpers/test-db';
import {
  accountIdBySlug,
  openWebhookWorld,
  demoCredentials,
  eventMessage,
  nowSeconds,
  pushRequest,
  readReply,
  signedPush,
  textMessage,
  type WebhookServer,
} from '../helpers/webhook';

let t: TestDb;
let webhook: WebhookServer;
const youth = demoCredentials('zhongshan-youth');
const police = demoCredentials('zhaoqing-police');

let world: Awaited<ReturnType<typeof openWebhookWorld>>;

beforeAll(async () => {
  world = await openWebhookWorld();
  ({ t, webhook } = world);
});
afterAll(() => world.close());

function accountId(slug: string): Promise<string> {
  return accountIdBySlug(t.db, slug);
}

async function follower(slug: string, openid: string) {
  const [row] = await t.db
    .select()
    .from(followers)
    .where(and(eq(followers.accountId, await accountId(slug)), eq(followers.openid, openid)));
  return row;
}

describe('inbound messages are stored once and update followers and conversations', () => {
  it('stores one row for 20 concurrent deliveries of one MsgId, all answered with the same reply', async () => {
    const fields = textMessage(police, 'oConcurrent', '身份证');
    const push = signedPush({ slug: 'zhaoqing-police', credentials: police, fields });
    const responses = await Promise.all(Array.from({ length: 20 }, () => webhook.send(pushRequest(push))));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const contents = await Promise.all(responses.map(async (r) => readReply(police, await r.text())?.fields.Content));
    expect(new Set(contents)).toEqual(new Set([contents[0]]));
    expect(String(contents[0])).toContain('身份证补领');
    const [stored] = await t.db.select({ n: count() }).from(messages).where(eq(messages.dedupKey, `m:${fields.MsgId}`));
    expect(stored?.n).toBe(1);
    const f = await follower('zhaoqing-police', 'oConcurrent');
    const [convo] = await t.db.select().from(conversations).where(eq(conversations.followerId, f!.id));
    expect(convo?.unreadCount).toBe(1);
  });

  it('deduplicates events by sender, time, event and key, keeping different events of the same second', async () => {
    const at = nowSeconds();
    const subscribe = eventMessage(youth, 'oEvents', 'subscribe', { CreateTime: at });
    const location = eventMessage(youth, 'oEvents', 'LOCATION', { CreateTime: at, Latitude: '22.5', Longitude: '113.4', Precision: '30' });
    for (const fields of [subscribe, subscribe, location, location]) {
      const response = await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields })));
      expect(response.status).toBe(200);
    }
    const f = await follower('zhongshan-youth', 'oEvents');
    const rows = await t.db.select({ event: messages.event }).from(messages).where(eq(messages.followerId, f!.id));
    expect(rows.map((r) => r.event).sort()).toEqual(['LOCATION', 'subscribe']);
  });

  it('records the QR scene of a subscribe as the follower source and answers with the welcome', async () => {
    const fields = eventMessage(youth, 'oScene', 'subscribe', { EventKey: 'qrscene_directory', Ticket: 'gQH47joAAAAAAAAAASxodHRw' });
    const response = await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields })));
    const reply = readReply(youth, await response.text());
    expect(reply?.fields.Content).toContain('欢迎关注中山青年');
    const f = await follower('zhongshan-youth', 'oScene');
    expect(f).toMatchObject({ subscribed: true, source: 'directory' });
    expect(f?.subscribedAt).toBeInstanceOf(Date);
  });

  it('on unsubscribe marks the follower unsubscribed, removes profile data and tags, and keeps inquiries', async () => {
    const id = await accountId('zhaoqing-police');
    const ask = textMessage(police, 'oLeaver', '我想咨询户口迁移');
    await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: ask })));
    const before = await follower('zhaoqing-police', 'oLeaver');
    await t.db.update(followers).set({ displayName: '张三', phone: '13800000000', remark: 'VIP' }).where(eq(followers.id, before!.id));
    const [tag] = await t.db.insert(tags).values({ accountId: id, name: '户政' }).returning();
    await t.db.insert(followerTags).values({ followerId: before!.id, tagId: tag!.id });

    const bye = eventMessage(police, 'oLeaver', 'unsubscribe', { CreateTime: nowSeconds() + 1 });
    const response = await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: bye })));
    expect(await response.text()).toBe('success');

    const after = await follower('zhaoqing-police', 'oLeaver');
    expect(after).toMatchObject({ subscribed: false, displayName: null, phone: null, remark: null });
    expect(after?.unsubscribedAt).toBeInstanceOf(Date);
    expect(await t.db.select().from(followerTags).where(eq(followerTags.followerId, before!.id))).toHaveLength(0);
    const kept = await t.db.select().from(messages).where(eq(messages.followerId, before!.id));
    expect(kept.some((m) => m.content === '我想咨询户口迁移')).toBe(true);
    expect(await t.db.select().from(conversations).where(eq(conversations.followerId, before!.id))).toHaveLength(1);
  });

  it('does not let a late retry of an old unsubscribe undo a newer follow', async () => {
    const at = nowSeconds();
    const unsubscribe = eventMessage(youth, 'oFlip', 'unsubscribe', { CreateTime: at - 10 });
    const subscribe = eventMessage(youth, 'oFlip', 'subscribe', { CreateTime: at });
    await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: subscribe })));
    await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: unsubscribe })));
    expect((await follower('zhongshan-youth', 'oFlip'))?.subscribed).toBe(true);
  });

  it('a text message opens a conversation and the next one continues it', async () => {
    for (const content of ['请问志愿时长怎么查？', '还有，证明怎么打印？']) {
      await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oAsker', content) })));
    }
    const f = await follower('zhongshan-youth', 'oAsker');
    const convos = await t.db.select().from(conversations).where(eq(conversations.followerId, f!.id));
    expect(convos).toHaveLength(1);
    expect(convos[0]).toMatchObject({ status: 'open', unreadCount: 2, preview: '还有，证明怎么打印？' });
    // Due in 4 working hours of the account's calendar (docs/citizen-service.md), numbered once.
    const calendar = workCalendarOf(null, NATIONAL_CALENDAR_2026);
    expect(convos[0]!.dueAt).toEqual(addWorkingHours(calendar, convos[0]!.openedAt, 4));
    expect(convos[0]!.resolutionDueAt).toEqual(endOfWorkingDays(calendar, convos[0]!.openedAt, 5));
    expect(convos[0]!.caseNumber).toMatch(/^ZY-\d{6}-[A-Z0-9]{4}$/);
    expect(f?.lastInboundAt).toBeInstanceOf(Date);
  });

  it('answers a keyword in plaintext (compatible account, plaintext request)', async () => {
    const fields = textMessage(youth, 'oKw', '志愿');
    const response = await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields, encrypt: false })));
    const body = await response.text();
    expect(body).not.toContain('<Encrypt>');
    const reply = readReply(youth, body);
    expect(reply?.fields).toMatchObject({ ToUserName: 'oKw', FromUserName: youth.originalId, MsgType: 'text' });
    expect(String(reply?.fields.Content)).toContain('近期志愿活动');
  });

  it('answers a keyword encrypted in safe mode: the reply decrypts and its signature verifies', async () => {
    const fields = textMessage(police, 'oSafe', '我要报警');
    const response = await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields })));
    const body = await response.text();
    expect(body).toContain('<Encrypt>');
    expect(body).toContain('<MsgSignature>');
    // readReply verifies MsgSignature and the appId before returning the decrypted reply.
    const reply = readReply(police, body);
    expect(String(reply?.fields.Content)).toContain('110');
  });

  it('an encrypted push to a compatible-mode account gets an encrypted reply', async () => {
    const fields = textMessage(youth, 'oCompatEnc', '你好');
    const response = await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields, encrypt: true })));
    const body = await response.text();
    expect(body).toContain('<Encrypt>');
    // The rule's text, then the case line of the new inquiry (lib/service/first-answer.ts).
    expect(readReply(youth, body)?.fields.Content).toMatch(/^你好！这里是中山青年，有什么可以帮你？\n\n您的咨询已受理，编号 ZY-\d{6}-[A-Z0-9]{4}/);
  });

  it('falls back to the default reply and answers menu clicks from click rules', async () => {
    const other = await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'oDefault', '今天天气怎么样') })));
    expect(String(readReply(police, await other.text())?.fields.Content)).toContain('1 个工作日内答复');
    const click = eventMessage(police, 'oDefault', 'CLICK', { EventKey: 'POLICE_GUIDE' });
    const clicked = await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: click })));
    expect(String(readReply(police, await clicked.text())?.fields.Content)).toContain('办事指南');
  });

  it('stores the same MsgId under two accounts separately', async () => {
    const msgId = '9007199254740993';
    await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: textMessage(police, 'oTwin', 'a', msgId) })));
    await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oTwin', 'b', msgId) })));
    const rows = await t.db.select().from(messages).where(eq(messages.dedupKey, `m:${msgId}`));
    expect(rows).toHaveLength(2);
  });
});
