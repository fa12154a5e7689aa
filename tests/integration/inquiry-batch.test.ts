import { and, count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, conversations, followers, messages } from '../../db/schema';
import { INQUIRY_BATCHES_IN_FLIGHT, inquiryBatchStats, storeInquiry, type InquiryRow } from '../../lib/inbox/store-inquiry';
import type { TestDb } from '../helpers/test-db';
import { createSeededAppDb } from '../helpers/webhook';

/**
 * The one write of a citizen's message (lib/inbox/store-inquiry.ts): pushes that arrive while
 * earlier batches run are stored together in one statement, a batch that fails is stored
 * message by message, and a citizen with a staff reply waiting for them gets it in a
 * transaction of their own, so a WeChat retry or a waiting reply in a batch touches nobody else.
 */
let t: TestDb;
let accountId: string;
let sequence = 0;

beforeAll(async () => {
  t = await createSeededAppDb();
  const [row] = await t.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
  accountId = row!.id;
});
afterAll(async () => {
  await t.close();
});

function inquiry(openid: string, text: string, dedupKey = `m:batch-${++sequence}`): InquiryRow {
  const now = new Date();
  return {
    accountId,
    openid,
    dedupKey,
    msgType: 'text',
    content: text,
    payload: { MsgType: 'text', Content: text },
    reply: { type: 'text', content: '已收到' },
    preview: text,
    receivedAt: now,
    sentAt: now,
    dueAt: new Date(now.getTime() + 3_600_000),
  };
}

/** Occupies every in-flight slot, so the rows sent right after go out together as one batch. */
function fillers(tag: string): InquiryRow[] {
  return Array.from({ length: INQUIRY_BATCHES_IN_FLIGHT }, (_, i) => inquiry(`oFill-${tag}-${i}`, 'filler'));
}

async function conversationOf(openid: string) {
  const [row] = await t.db
    .select({ unread: conversations.unreadCount, id: conversations.id })
    .from(conversations)
    .innerJoin(followers, eq(followers.id, conversations.followerId))
    .where(and(eq(followers.accountId, accountId), eq(followers.openid, openid)));
  return row;
}

async function inboundOf(openid: string): Promise<number> {
  const [row] = await t.db
    .select({ n: count() })
    .from(messages)
    .innerJoin(followers, eq(followers.id, messages.followerId))
    .where(and(eq(followers.accountId, accountId), eq(followers.openid, openid), eq(messages.direction, 'inbound')));
  return row!.n;
}

describe('batched storing of citizens’ messages', () => {
  it('stores messages from many citizens arriving together in shared statements', async () => {
    const before = inquiryBatchStats(t.db);
    const rows = [...fillers('many'), ...Array.from({ length: 30 }, (_, i) => inquiry(`oMany-${i}`, `第 ${i} 个问题`))];
    const outcomes = await Promise.all(rows.map((row) => storeInquiry(t.db, row)));
    expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
    expect(new Set(outcomes.map((o) => (o.outcome === 'stored' ? o.messageId : 0))).size).toBe(rows.length);
    const after = inquiryBatchStats(t.db);
    expect(after.largestBatch).toBeGreaterThan(1);
    expect(after.failedBatches).toBe(before.failedBatches);
    expect(after.statements - before.statements).toBeLessThan(rows.length);
    for (let i = 0; i < 30; i += 7) {
      expect(await inboundOf(`oMany-${i}`)).toBe(1);
      expect((await conversationOf(`oMany-${i}`))?.unread).toBe(1);
    }
  });

  it('stores messages without text or auto-reply (NULLs inside the array parameters) in a batch', async () => {
    const picture = (openid: string): InquiryRow => ({ ...inquiry(openid, ''), msgType: 'image', content: null, reply: null, payload: { MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x' } });
    const outcomes = await Promise.all([...fillers('null'), picture('oPicture-1'), picture('oPicture-2')].map((row) => storeInquiry(t.db, row)));
    const stored = outcomes.slice(-2).map((o) => (o.outcome === 'stored' ? o.messageId : null));
    const rows = await Promise.all(stored.map(async (id) => (await t.db.select().from(messages).where(eq(messages.id, id!)))[0]!));
    for (const row of rows) {
      expect(row.msgType).toBe('image');
      expect(row.content).toBeNull();
      expect(row.reply).toBeNull();
      expect(row.payload).toEqual({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x' });
    }
  });

  it('keeps one citizen’s messages in separate batches: all stored, one conversation counting them', async () => {
    const before = inquiryBatchStats(t.db);
    const rows = [...fillers('same'), ...Array.from({ length: 5 }, (_, i) => inquiry('oSame', `追问 ${i}`))];
    const outcomes = await Promise.all(rows.map((row) => storeInquiry(t.db, row)));
    expect(outcomes.every((o) => o.outcome === 'stored')).toBe(true);
    expect(inquiryBatchStats(t.db).failedBatches).toBe(before.failedBatches);
    expect(await inboundOf('oSame')).toBe(5);
    expect((await conversationOf('oSame'))?.unread).toBe(5);
  });

  it('a WeChat retry in a batch fails only itself: the others are stored once, the retry is a duplicate', async () => {
    const first = inquiry('oRetried', '第一次');
    expect((await storeInquiry(t.db, first)).outcome).toBe('stored');
    const before = inquiryBatchStats(t.db);
    const batch = [inquiry('oNeighbour-1', '你好'), { ...first, receivedAt: new Date() }, inquiry('oNeighbour-2', '你好')];
    const outcomes = await Promise.all([...fillers('retry'), ...batch].map((row) => storeInquiry(t.db, row)));
    expect(outcomes.slice(-3).map((o) => o.outcome)).toEqual(['stored', 'duplicate', 'stored']);
    expect(inquiryBatchStats(t.db).failedBatches).toBe(before.failedBatches + 1);
    expect(await inboundOf('oRetried')).toBe(1);
    expect((await conversationOf('oRetried'))?.unread).toBe(1);
    expect((await conversationOf('oNeighbour-1'))?.unread).toBe(1);
    expect((await conversationOf('oNeighbour-2'))?.unread).toBe(1);
  });

  it.runIf(process.env.TEST_DB === 'postgres')('batches waiting on locked citizens do not hold up everyone else (PostgreSQL)', async () => {
    const locked = Array.from({ length: INQUIRY_BATCHES_IN_FLIGHT }, (_, i) => `oLocked-${i}`);
    for (const openid of locked) expect((await storeInquiry(t.db, inquiry(openid, '第一次'))).outcome).toBe('stored');
    const staffSide = postgres(t.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const staffTx = staffSide.begin(async (sql) => {
      await sql`select id from followers where account_id = ${accountId} and openid in ${sql(locked)} for update`;
      holding();
      await released;
    });
    try {
      await isHolding;
      // One push per locked citizen, each in its own batch: every slot there is, stuck…
      const stuck = locked.map((openid) => storeInquiry(t.db, inquiry(openid, '追问')));
      // …and another citizen's push still gets through while the locks are held.
      expect((await storeInquiry(t.db, inquiry('oUnlocked', '你好'))).outcome).toBe('stored');
      release();
      await staffTx;
      expect((await Promise.all(stuck)).map((o) => o.outcome)).toEqual(stuck.map(() => 'stored'));
      expect((await conversationOf(locked[0]!))?.unread).toBe(2);
    } finally {
      release();
      await staffTx.catch(() => {});
      await staffSide.end();
    }
  });

  it('stores a citizen’s messages in the order they came, also when their batch fails', async () => {
    const stored = inquiry('oEarlier', '早先的消息');
    expect((await storeInquiry(t.db, stored)).outcome).toBe('stored');
    const first = inquiry('oOrdered', '第一条');
    const second = inquiry('oOrdered', '第二条');
    // The retry makes the batch holding `first` fail and store its messages one by one.
    const outcomes = await Promise.all([...fillers('order'), { ...stored }, first, second].map((row) => storeInquiry(t.db, row)));
    const [retry, a, b] = outcomes.slice(-3);
    expect(retry?.outcome).toBe('duplicate');
    if (a?.outcome !== 'stored' || b?.outcome !== 'stored') throw new Error(`not stored: ${JSON.stringify([a, b])}`);
    expect(a.messageId).toBeLessThan(b.messageId);
    const [convo] = await t.db.select({ preview: conversations.preview }).from(conversations).where(eq(conversations.id, b.conversationId));
    expect(convo?.preview).toBe('第二条');
  });

  it('hands a citizen with a waiting staff reply over in a transaction, and stores the rest in the batch', async () => {
    const waitingFor = inquiry('oWaiting', '旧问题');
    const first = await storeInquiry(t.db, waitingFor);
    if (first.outcome !== 'stored') throw new Error('not stored');
    // A staff reply written while the window was closed waits for the citizen's next message;
    // the trigger of migration 0003 flags the follower.
    const [staffReply] = await t.db
      .insert(messages)
      .values({
        accountId,
        followerId: first.followerId,
        conversationId: first.conversationId,
        direction: 'outbound',
        msgType: 'text',
        content: '您的证件已办好',
        payload: { msgtype: 'text', text: { content: '您的证件已办好' } },
        deliveryState: 'waiting_for_citizen',
      })
      .returning({ id: messages.id });
    const before = inquiryBatchStats(t.db);
    const batch = [inquiry('oBeside-1', '你好'), inquiry('oWaiting', '新问题'), inquiry('oBeside-2', '你好')];
    const outcomes = await Promise.all([...fillers('waiting'), ...batch].map((row) => storeInquiry(t.db, row)));
    expect(outcomes.map((o) => o.outcome)).toEqual(outcomes.map(() => 'stored'));
    const [beside1, handedOver, beside2] = outcomes.slice(-3);
    expect(handedOver?.outcome === 'stored' && handedOver.reply).toEqual({ type: 'text', content: '您的证件已办好' });
    expect(beside1?.outcome === 'stored' && beside1.reply).toEqual({ type: 'text', content: '已收到' });
    expect(beside2?.outcome === 'stored' && beside2.reply).toEqual({ type: 'text', content: '已收到' });
    expect(inquiryBatchStats(t.db).failedBatches).toBe(before.failedBatches);
    expect(await inboundOf('oWaiting')).toBe(2);
    expect((await conversationOf('oWaiting'))?.unread).toBe(2);
    const [delivered] = await t.db.select().from(messages).where(eq(messages.id, staffReply!.id));
    expect(delivered?.deliveryState).toBe('sent');
    // The reply is stored with the citizen's message, so WeChat's retry gets the same answer.
    const [asked] = await t.db.select({ reply: messages.reply }).from(messages).where(eq(messages.dedupKey, batch[1]!.dedupKey));
    expect(asked?.reply).toEqual({ type: 'text', content: '您的证件已办好' });
    const [flag] = await t.db.select({ waiting: followers.hasWaitingReplies }).from(followers).where(eq(followers.id, first.followerId));
    expect(flag?.waiting).toBe(false);
    // A retry of the handed-over message is a duplicate and changes nothing.
    expect((await storeInquiry(t.db, { ...batch[1]! })).outcome).toBe('duplicate');
    expect((await conversationOf('oWaiting'))?.unread).toBe(2);
  });
});
