import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcasts, followers, messages } from '../../db/schema';
import { jobReportBatchStats, storeJobReport, type JobReportRow } from '../../lib/broadcasts/store-job-report';
import type { TestDb } from '../helpers/test-db';
import {
  accountIdBySlug,
  openWebhookWorld,
  demoCredentials,
  eventMessage,
  nextMsgId,
  nowSeconds,
  pushRequest,
  signedPush,
  textMessage,
  type WebhookServer,
} from '../helpers/webhook';

/**
 * Platform reports of send jobs (MASSSENDJOBFINISH, TEMPLATESENDJOBFINISH) through the real
 * webhook: after a large send they come as a storm, one per follower; each is acknowledged and
 * stored exactly once (lib/broadcasts/store-job-report.ts).
 */
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

function templateReport(openid: string, msgId: string, createTime = nowSeconds()) {
  return { ...eventMessage(youth, openid, 'TEMPLATESENDJOBFINISH', { MsgID: msgId, Status: 'success' }), CreateTime: createTime };
}

async function reportsStored(pattern: string): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(messages).where(like(messages.dedupKey, pattern));
  return row!.n;
}

describe('send-job reports on the webhook', () => {
  it('acknowledges a storm of template reports with success and stores each once', async () => {
    const at = nowSeconds();
    // 300 reports from 100 followers, three jobs each within the same second.
    const pushes = Array.from({ length: 300 }, (_, i) =>
      signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: templateReport(`oStorm${i % 100}`, `77${String(i).padStart(6, '0')}`, at) }),
    );
    const responses = await Promise.all(pushes.map((push) => webhook.send(pushRequest(push))));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(responses.map(() => 'success'));
    expect(await reportsStored('e:oStorm%:TEMPLATESENDJOBFINISH:77%')).toBe(300);
  });

  it('stores reports that arrive while earlier ones are being stored together, in shared statements', async () => {
    const id = await accountId('zhongshan-youth');
    const row = (i: number): JobReportRow => ({
      accountId: id,
      openid: `oShared${i}`,
      dedupKey: `e:oShared${i}:${nowSeconds()}:TEMPLATESENDJOBFINISH:99${i}`,
      event: 'TEMPLATESENDJOBFINISH',
      payload: { MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: `99${i}`, Status: 'success' },
      sentAt: new Date(),
      receivedAt: new Date(),
      msgId: `99${i}`,
      status: 'success',
      counts: null,
    });
    const before = jobReportBatchStats(t.db);
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const outcomes = await Promise.all([...rows, rows[0]!].map((r) => storeJobReport(t.db, r)));
    expect(outcomes.map((o) => o.outcome)).toEqual([...rows.map(() => 'stored'), 'duplicate']);
    const after = jobReportBatchStats(t.db);
    expect(after.statements - before.statements).toBeLessThan(rows.length);
    expect(after.largestBatch).toBeGreaterThan(1);
    expect(after.failedBatches).toBe(before.failedBatches);
    expect(await reportsStored('e:oShared%:TEMPLATESENDJOBFINISH:99%')).toBe(40);
  });

  it('stores a retried report once, also when the retries arrive together', async () => {
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: templateReport('oRetried', '880001') });
    const together = await Promise.all(Array.from({ length: 10 }, () => webhook.send(pushRequest(push))));
    expect(together.map((r) => r.status)).toEqual(together.map(() => 200));
    const later = await webhook.send(pushRequest(push));
    expect(await later.text()).toBe('success');
    expect(await reportsStored('e:oRetried:%:TEMPLATESENDJOBFINISH:880001')).toBe(1);
  });

  it('links a report to its follower without counting it as the citizen interacting', async () => {
    await webhook.send(pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: textMessage(youth, 'oReported', '你好') })));
    const [before] = await t.db
      .select()
      .from(followers)
      .where(and(eq(followers.accountId, await accountId('zhongshan-youth')), eq(followers.openid, 'oReported')));
    await webhook.send(
      pushRequest(signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: { ...templateReport('oReported', '880002'), Status: 'failed:user block', CreateTime: nowSeconds() + 60 } })),
    );
    const [after] = await t.db.select().from(followers).where(eq(followers.id, before!.id));
    expect(after?.lastInteractionAt).toEqual(before!.lastInteractionAt);
    expect(after?.lastInteractionKind).toBe('message');
    const [report] = await t.db.select().from(messages).where(like(messages.dedupKey, 'e:oReported:%:880002'));
    expect(report?.followerId).toBe(before!.id);
    expect((report?.payload as Record<string, string>).Status).toBe('failed:user block');
  });

  it('fills in a broadcast’s delivery counts from MASSSENDJOBFINISH, and only the reporting tenant’s', async () => {
    const wechatMsgId = nextMsgId();
    const [ours] = await t.db
      .insert(broadcasts)
      .values({ accountId: await accountId('zhongshan-youth'), title: '周末志愿活动', msgType: 'text', content: { text: '…' }, status: 'sending', wechatMsgId })
      .returning({ id: broadcasts.id });
    const [theirs] = await t.db
      .insert(broadcasts)
      .values({ accountId: await accountId('zhaoqing-police'), title: '防诈提醒', msgType: 'text', content: { text: '…' }, status: 'sending', wechatMsgId })
      .returning({ id: broadcasts.id });
    const report = eventMessage(youth, 'mphelper', 'MASSSENDJOBFINISH', {
      MsgID: wechatMsgId,
      Status: 'send success',
      TotalCount: 120,
      FilterCount: 118,
      SentCount: 117,
      ErrorCount: 1,
    });
    const push = signedPush({ slug: 'zhongshan-youth', credentials: youth, fields: report });
    expect(await (await webhook.send(pushRequest(push))).text()).toBe('success');
    expect(await (await webhook.send(pushRequest(push))).text()).toBe('success');
    const [counted] = await t.db.select().from(broadcasts).where(eq(broadcasts.id, ours!.id));
    expect(counted).toMatchObject({ status: 'sent', totalCount: 120, filterCount: 118, sentCount: 117, errorCount: 1 });
    const [untouched] = await t.db.select().from(broadcasts).where(eq(broadcasts.id, theirs!.id));
    expect(untouched).toMatchObject({ status: 'sending', totalCount: null, sentCount: null });
    expect(await reportsStored(`e:mphelper:%:MASSSENDJOBFINISH:${wechatMsgId}`)).toBe(1);
    // The same report sent to the other tenant's URL is refused: it names this account.
    const misdirected = await webhook.send(pushRequest(signedPush({ slug: 'zhaoqing-police', credentials: police, fields: report })));
    expect(misdirected.status).not.toBe(200);
  });
});
