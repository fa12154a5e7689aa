import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, broadcastGuests, broadcastQuotaSlots, broadcastReceipts, broadcasts, jobs, tags } from '../../db/schema';
import { batchTag } from '../../lib/wechat/simulator/tags';
import { audienceSize, receiptUsage } from '../../lib/broadcasts/audience';
import { addGuestCommand, removeGuestCommand } from '../../lib/broadcasts/guests';
import { listArchive, publishBroadcastCommand } from '../../lib/broadcasts/publish';
import { quotaCalendar, QUOTA_PRESETS, quotaPeriodOf, setQuotaPolicyCommand, spendQuotaSlot } from '../../lib/broadcasts/quota';
import { cancelBroadcastCommand, previewBroadcastCommand, sendBroadcastCommand } from '../../lib/broadcasts/schedule';
import { BROADCAST_SEND_JOB } from '../../lib/broadcasts/send';
import { setTrialModeCommand } from '../../lib/broadcasts/trial';
import type { Staff } from '../../lib/auth/access';
import { outboxHandlers } from '../../lib/jobs/handlers';
import { claimJobs } from '../../lib/jobs/outbox';
import { runDueJobs } from '../../lib/jobs/worker';
import { pushJobReportsToWebhooks } from '../../lib/wechat/simulator';
import { demoCredentials } from '../helpers/webhook';
import {
  addFollowers,
  addTag,
  approvedBroadcast,
  broadcastById,
  createBroadcastWorld,
  drain,
  massJobsOf,
  member,
  pushMassReport,
  pushPublishReport,
  setAccount,
  userStaff,
  type BroadcastWorld,
} from './broadcasts-fixtures';
import { accountIdOf, appIdOf } from './inbox-fixtures';

let w: BroadcastWorld;
beforeAll(async () => {
  w = await createBroadcastWorld();
});
afterAll(async () => {
  await w.close();
});

const POLICE = 'zhaoqing-police'; // a verified service account
const YOUTH = 'zhongshan-youth'; // a verified subscription account

const send = (staff: Staff, broadcastId: number, extra: Record<string, string> = {}) =>
  sendBroadcastCommand({ db: w.t.db, staff, input: { broadcastId: String(broadcastId), target: 'all', when: 'now', ...extra } });

async function slotsOf(slug: string) {
  const accountId = await accountIdOf(w, slug);
  return w.t.db.select().from(broadcastQuotaSlots).where(eq(broadcastQuotaSlots.accountId, accountId));
}

async function resetQuota(slug: string) {
  await w.t.db.delete(broadcastQuotaSlots).where(eq(broadcastQuotaSlots.accountId, await accountIdOf(w, slug)));
}

describe('quota periods in Asia/Shanghai', () => {
  it('counts days and months by the Shanghai calendar, not UTC', () => {
    // 2026-12-01 23:59:59 and 2026-12-02 00:00:00 in Shanghai.
    expect(quotaPeriodOf('day', new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(quotaPeriodOf('day', new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
    // 2026-11-30 23:59 in Shanghai is still November; 00:00 on Dec 1 (16:00 UTC Nov 30) is December.
    expect(quotaPeriodOf('month', new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(quotaPeriodOf('month', new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
    expect(quotaPeriodOf('month', new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('gives a subscription account one push a day: the last second of a day and the first of the next are two days', async () => {
    const b = await Promise.all([1, 2, 3].map(() => approvedBroadcast(w, YOUTH)));
    const accountId = await accountIdOf(w, YOUTH);
    const policy = QUOTA_PRESETS.subscription;
    const late = await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: b[0]!.id, policy, at: new Date('2030-03-01T15:59:59Z') });
    const sameDay = await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: b[1]!.id, policy, at: new Date('2030-02-28T16:00:00Z') });
    const nextDay = await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: b[2]!.id, policy, at: new Date('2030-03-01T16:00:00Z') });
    expect(late).toEqual({ ok: true, period: '2030-03-01', slot: 1 });
    expect(sameDay).toEqual({ ok: false, period: '2030-03-01' });
    expect(nextDay).toEqual({ ok: true, period: '2030-03-02', slot: 1 });
  });

  it('gives a service account four a calendar month and the fifth is refused until the Shanghai month turns', async () => {
    const accountId = await accountIdOf(w, POLICE);
    const policy = QUOTA_PRESETS.service;
    const b = await Promise.all([1, 2, 3, 4, 5, 6].map(() => approvedBroadcast(w, POLICE)));
    const inMay = ['2030-05-01T00:00:00Z', '2030-05-10T00:00:00Z', '2030-05-20T00:00:00Z', '2030-05-31T15:59:00Z', '2030-05-31T15:59:59Z'];
    const results = [];
    for (const [i, at] of inMay.entries()) results.push(await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: b[i]!.id, policy, at: new Date(at) }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, false]);
    const june = await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: b[5]!.id, policy, at: new Date('2030-05-31T16:00:00Z') });
    expect(june).toEqual({ ok: true, period: '2030-06', slot: 1 });
    const account = (await w.t.db.select().from(accounts).where(eq(accounts.id, accountId)))[0]!;
    const calendar = await quotaCalendar({ db: w.t.db, account: { ...account, ...{ broadcastQuotaLimit: 4, broadcastQuotaWindow: 'month' as const } }, month: '2030-05' });
    expect(calendar.periods).toHaveLength(1);
    expect(calendar.periods[0]).toMatchObject({ period: '2030-05', used: 4, limit: 4 });
  });

  it('gives the older certified rule three a day', async () => {
    const accountId = await accountIdOf(w, YOUTH);
    const policy = QUOTA_PRESETS.certified_daily;
    const b = await Promise.all([1, 2, 3, 4].map(() => approvedBroadcast(w, YOUTH)));
    const ok = [];
    for (const x of b) ok.push((await spendQuotaSlot({ db: w.t.db, accountId, broadcastId: x.id, policy, at: new Date('2030-04-02T04:00:00Z') })).ok);
    expect(ok).toEqual([true, true, true, false]);
  });
});

describe('committing a send', () => {
  it('never spends two slots for one when approvals race (one left, five senders)', async () => {
    await setAccount(w, YOUTH, { trialMode: false, ...{ broadcastQuotaLimit: 1, broadcastQuotaWindow: 'day' as const } });
    await resetQuota(YOUTH);
    const admin = await userStaff(w, 'youth@wegov.local');
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => approvedBroadcast(w, YOUTH)));
    const results = await Promise.all(racing.map((b) => send(admin, b.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && 'error' in r && r.error === 'quota_exhausted')).toHaveLength(4);
    expect(await slotsOf(YOUTH)).toHaveLength(1);
    const statuses = await Promise.all(racing.map(async (b) => (await broadcastById(w, b.id)).status));
    expect(statuses.filter((s) => s === 'scheduled')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'approved')).toHaveLength(4);
    // Only the winner has a send job.
    const sendJobs = await w.t.db.select().from(jobs).where(eq(jobs.kind, BROADCAST_SEND_JOB));
    const ids = racing.map((b) => b.id);
    expect(sendJobs.filter((j) => ids.includes(Number((j.payload as { broadcastId: number }).broadcastId)))).toHaveLength(1);
  });

  it('fills three slots and refuses the rest when six race under the three-a-day rule', async () => {
    await setAccount(w, YOUTH, { broadcastQuotaLimit: 3, broadcastQuotaWindow: 'day' });
    await resetQuota(YOUTH);
    await w.t.db.update(broadcasts).set({ status: 'cancelled' }).where(and(eq(broadcasts.accountId, await accountIdOf(w, YOUTH)), eq(broadcasts.status, 'scheduled')));
    const admin = await userStaff(w, 'youth@wegov.local');
    const racing = await Promise.all([1, 2, 3, 4, 5, 6].map(() => approvedBroadcast(w, YOUTH)));
    const results = await Promise.all(racing.map((b) => send(admin, b.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect((await slotsOf(YOUTH)).map((s) => s.slot).sort()).toEqual([1, 2, 3]);
    await setAccount(w, YOUTH, { broadcastQuotaLimit: 1 });
  });

  it('does not send a broadcast that is not approved, and a second click does not spend a second slot', async () => {
    await setAccount(w, POLICE, { trialMode: false });
    const admin = await userStaff(w, 'police@wegov.local');
    const draft = await approvedBroadcast(w, POLICE, { status: 'in_review' });
    expect(await send(admin, draft.id)).toEqual({ ok: false, error: 'not_approved' });
    const b = await approvedBroadcast(w, POLICE);
    const [first, second] = await Promise.all([send(admin, b.id, { when: 'later', scheduledAt: '2031-01-05T10:00' }), send(admin, b.id, { when: 'later', scheduledAt: '2031-01-05T10:00' })]);
    expect([first.ok, second.ok].sort()).toEqual([false, true]);
    const slots = (await slotsOf(POLICE)).filter((s) => s.broadcastId === b.id);
    expect(slots).toHaveLength(1);
    expect(slots[0]!.period).toBe('2031-01');
  });

  it('refuses a picture broadcast whose picture WeChat does not have yet, spending nothing', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE, { msgType: 'image', content: { imageUrl: 'https://example.gov.cn/a.png', alt: '地图' } });
    expect(await send(admin, b.id)).toEqual({ ok: false, error: 'image_not_uploaded' });
    expect((await slotsOf(POLICE)).some((s) => s.broadcastId === b.id)).toBe(false);
  });

  it('refuses a schedule in the past and a tag of another account, next to the field', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE);
    const past = await send(admin, b.id, { when: 'later', scheduledAt: '2020-01-01T10:00' });
    expect(past).toMatchObject({ ok: false, fieldErrors: { scheduledAt: ['in_the_past'] } });
    await addFollowers(w, YOUTH, ['o-youth-1']);
    const foreignTag = await addTag(w, YOUTH, '青年志愿', ['o-youth-1']);
    const foreign = await send(admin, b.id, { target: 'tag', tagId: String(foreignTag) });
    expect(foreign).toMatchObject({ ok: false, fieldErrors: { tagId: ['unknown_tag'] } });
    expect((await broadcastById(w, b.id)).status).toBe('approved');
  });
});

describe('sending through the outbox', () => {
  it('sends a scheduled broadcast to the tag’s followers exactly once, stores WeChat’s msg id, and MASSSENDJOBFINISH fills in the counts', async () => {
    await setAccount(w, POLICE, { trialMode: false, broadcastQuotaLimit: 100, broadcastQuotaWindow: 'month', broadcastFollowerMonthlyCap: 4 });
    await addFollowers(w, POLICE, ['o-traffic-1', 'o-traffic-2', 'o-other-1']);
    const tagId = await addTag(w, POLICE, '交通', ['o-traffic-1', 'o-traffic-2']);
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE, { title: '道路施工提示' });
    const committed = await send(admin, b.id, { target: 'tag', tagId: String(tagId), when: 'later', scheduledAt: '2031-02-01T09:00' });
    expect(committed).toMatchObject({ ok: true, data: { audience: 2, trial: false, period: '2031-02' } });
    const before = massJobsOf(w, POLICE).length;
    await drain(w);
    expect(massJobsOf(w, POLICE)).toHaveLength(before); // not due yet
    // The scheduled time arrives.
    await w.t.db.update(jobs).set({ runAt: new Date() }).where(and(eq(jobs.kind, BROADCAST_SEND_JOB), like(jobs.idempotencyKey, `broadcast-send:wegov-${b.id}-%`)));
    await drain(w);
    await drain(w);
    const sent = massJobsOf(w, POLICE).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipients.sort()).toEqual(['o-traffic-1', 'o-traffic-2']);
    expect(sent[0]!.clientMsgId).toMatch(new RegExp(`^wegov-${b.id}-`));
    expect(w.sim.state.inbox(appIdOf(POLICE), 'o-other-1').filter((d) => d.via === 'mass')).toHaveLength(0);
    const sending = await broadcastById(w, b.id);
    expect(sending).toMatchObject({ status: 'sending', wechatMsgId: String(sent[0]!.msgId), audienceCount: 2 });
    const receipts = await w.t.db.select().from(broadcastReceipts).where(eq(broadcastReceipts.broadcastId, b.id));
    expect(receipts).toHaveLength(2);

    // The report, and WeChat's retry of it: counts filled in once.
    const report = w.reports.find((r) => r.type === 'massJobFinished' && r.job.msgId === sent[0]!.msgId);
    expect(report).toBeDefined();
    const job = (report as { job: (typeof sent)[0] }).job;
    const createTime = Math.floor(Date.now() / 1000);
    expect((await pushMassReport(w, POLICE, job, createTime)).status).toBe(200);
    expect((await pushMassReport(w, POLICE, job, createTime)).status).toBe(200);
    expect(await broadcastById(w, b.id)).toMatchObject({ status: 'sent', totalCount: 2, filterCount: 2, sentCount: 2, errorCount: 0, reportStatus: 'send success' });
  });

  it('creates the tag on WeChat for a tag only WeChat does not know, and makes its members the audience', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    await addFollowers(w, POLICE, ['o-school-1', 'o-school-2', 'o-school-stale']);
    const tagId = await addTag(w, POLICE, '学校', ['o-school-1', 'o-school-2'], { onWechat: false });
    const b = await approvedBroadcast(w, POLICE, { title: '开学交通提示' });
    expect((await send(admin, b.id, { target: 'tag', tagId: String(tagId) })).ok).toBe(true);
    await drain(w);
    const job = massJobsOf(w, POLICE).at(-1)!;
    expect(job.recipients.sort()).toEqual(['o-school-1', 'o-school-2']);
    const [row] = await w.t.db.select().from(tags).where(eq(tags.id, tagId));
    expect(row!.wechatTagId).toBe(job.audience.tagId);
    // Someone tagged on WeChat but no longer in our tag does not get the next one.
    const app = w.sim.state.app(appIdOf(POLICE))!;
    batchTag(app, ['o-school-stale'], row!.wechatTagId!, false);
    const next = await approvedBroadcast(w, POLICE, { title: '放学交通提示' });
    expect((await send(admin, next.id, { target: 'tag', tagId: String(tagId) })).ok).toBe(true);
    await drain(w);
    expect(massJobsOf(w, POLICE).at(-1)!.recipients.sort()).toEqual(['o-school-1', 'o-school-2']);
  });

  it('sends exactly once when the worker dies between the call and settling the job', async () => {
    await setAccount(w, POLICE, { trialMode: false });
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE, { title: '停电通知' });
    expect((await send(admin, b.id)).ok).toBe(true);
    const before = massJobsOf(w, POLICE).length;
    // A worker whose process dies right after WeChat accepted the send: the answer never arrives.
    let reachedWechat = false;
    const dying = {
      ...w.config,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const answer = await fetch(input, init);
        if (String(input).includes('/message/mass/')) {
          reachedWechat = true;
          return new Promise<Response>(() => {});
        }
        return answer;
      }) as typeof fetch,
    };
    const [claimed] = await claimJobs({ db: w.t.db, limit: 1, leaseMs: 60_000, kinds: [BROADCAST_SEND_JOB] });
    expect(Number((claimed!.payload as { broadcastId: number }).broadcastId)).toBe(b.id);
    void outboxHandlers(dying)[BROADCAST_SEND_JOB]!.run({ db: w.t.db, job: claimed! });
    await expect.poll(() => reachedWechat).toBe(true);
    expect(massJobsOf(w, POLICE)).toHaveLength(before + 1);
    // Its lease runs out; another worker recovers the job and runs it again.
    await w.t.db.update(jobs).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(jobs.id, claimed!.id));
    await runDueJobs({ db: w.t.db, handlers: outboxHandlers(w.config), backoff: () => 0 });
    await drain(w);
    expect(massJobsOf(w, POLICE)).toHaveLength(before + 1);
    const calls = w.sim.state.calls({ path: '/cgi-bin/message/mass/sendall', appId: appIdOf(POLICE) });
    expect(calls.filter((c) => JSON.stringify(c).includes(`wegov-${b.id}-`)).length).toBe(2);
    const after = await broadcastById(w, b.id);
    expect(after.wechatMsgId).toBe(String(massJobsOf(w, POLICE)[before]!.msgId));
    const [done] = await w.t.db.select().from(jobs).where(eq(jobs.id, claimed!.id));
    expect(done!.status).toBe('done');
  });

  it('gets its counts from the simulator pushing MASSSENDJOBFINISH to the webhook by itself, as WeChat does', async () => {
    const stop = pushJobReportsToWebhooks({
      state: w.sim.state,
      webhookOf: async (appId) => (appId === appIdOf(POLICE) ? { url: `${w.webhook.url}/api/wechat/${POLICE}`, credentials: demoCredentials(POLICE) } : null),
    });
    try {
      const admin = await userStaff(w, 'police@wegov.local');
      const b = await approvedBroadcast(w, POLICE, { title: '暴雨预警' });
      expect((await send(admin, b.id)).ok).toBe(true);
      await drain(w);
      await expect.poll(async () => (await broadcastById(w, b.id)).status).toBe('sent');
      const row = await broadcastById(w, b.id);
      expect(row.totalCount).toBe(row.audienceCount);
      expect(row.sentCount).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });

  it('cancels a scheduled send: the slot comes back and nothing is sent', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE);
    expect((await send(admin, b.id, { when: 'later', scheduledAt: '2031-03-03T08:00' })).ok).toBe(true);
    expect((await slotsOf(POLICE)).some((s) => s.broadcastId === b.id)).toBe(true);
    expect(await cancelBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(b.id) } })).toEqual({ ok: true, data: undefined });
    expect((await slotsOf(POLICE)).some((s) => s.broadcastId === b.id)).toBe(false);
    await w.t.db.update(jobs).set({ runAt: new Date() }).where(like(jobs.idempotencyKey, `broadcast-send:wegov-${b.id}-%`));
    const before = massJobsOf(w, POLICE).length;
    await drain(w);
    expect(massJobsOf(w, POLICE)).toHaveLength(before);
    expect((await broadcastById(w, b.id)).status).toBe('cancelled');
    // A cancelled send can be committed again.
    expect((await send(admin, b.id, { when: 'later', scheduledAt: '2031-03-04T08:00' })).ok).toBe(true);
  });

  it('sends news as mpnews from a draft (draft/add)', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE, { msgType: 'news', title: '防诈骗指南', content: { articles: [{ title: '防诈骗指南', author: '市公安局', digest: '三不原则', body: '不轻信。\n\n不转账。' }] } });
    const before = massJobsOf(w, POLICE).length;
    expect((await send(admin, b.id)).ok).toBe(true);
    await drain(w);
    const job = massJobsOf(w, POLICE)[before]!;
    expect(job.msgtype).toBe('mpnews');
    const row = await broadcastById(w, b.id);
    expect((job.payload as { media_id: string }).media_id).toBe(row.draftMediaId);
  });
});

describe('the per-follower monthly cap', () => {
  it('leaves out of the audience those who had their four this month, and the planner counts them', async () => {
    await setAccount(w, POLICE, { broadcastFollowerMonthlyCap: 4, trialMode: false });
    const [capped, fresh] = await addFollowers(w, POLICE, ['o-cap-full', 'o-cap-fresh']);
    const tagId = await addTag(w, POLICE, '社区', ['o-cap-full', 'o-cap-fresh']);
    const month = quotaPeriodOf('month', new Date());
    const fillers = await Promise.all([1, 2, 3, 4].map(() => approvedBroadcast(w, POLICE, { status: 'sent' })));
    await w.t.db.insert(broadcastReceipts).values(fillers.map((f) => ({ broadcastId: f.id, followerId: capped!, month })));
    await w.t.db.insert(broadcastReceipts).values({ broadcastId: fillers[0]!.id, followerId: fresh!, month });
    const [account] = await w.t.db.select().from(accounts).where(eq(accounts.slug, POLICE));
    expect(await audienceSize({ db: w.t.db, account: account!, target: { kind: 'tag', tagId } })).toBe(1);
    expect(await audienceSize({ db: w.t.db, account: { ...account!, broadcastFollowerMonthlyCap: null }, target: { kind: 'tag', tagId } })).toBe(2);
    expect(await receiptUsage({ db: w.t.db, account: account!, target: { kind: 'tag', tagId }, month })).toEqual({ followers: 2, reached: 2, atCap: 1, cap: 4 });
    // Next month both are fresh again.
    const next = quotaPeriodOf('month', new Date(Date.now() + 32 * 86_400_000));
    expect((await receiptUsage({ db: w.t.db, account: account!, target: { kind: 'tag', tagId }, month: next })).atCap).toBe(0);
  });
});

describe('trial mode', () => {
  it('reaches only the guest list: a send and previews never get to anyone else', async () => {
    await setAccount(w, YOUTH, { trialMode: true });
    await resetQuota(YOUTH);
    const admin = await userStaff(w, 'youth@wegov.local');
    const openids = ['o-trial-guest', 'o-trial-a', 'o-trial-b'];
    await addFollowers(w, YOUTH, openids);
    expect((await addGuestCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, follower: 'o-trial-guest' } })).ok).toBe(true);
    const massBefore = massJobsOf(w, YOUTH).length;
    const b = await approvedBroadcast(w, YOUTH, { title: '试运行' });
    const committed = await send(admin, b.id);
    expect(committed).toMatchObject({ ok: true, data: { trial: true, period: null } });
    // Nobody but the guest is in the audience.
    expect(committed.ok && committed.data.audience).toBe(1);
    const named = await previewBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(b.id), to: 'follower', follower: 'o-trial-a' } });
    expect(named).toMatchObject({ ok: false, fieldErrors: { follower: ['not_a_guest'] } });
    expect((await previewBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(b.id), to: 'guests' } })).ok).toBe(true);
    await drain(w);
    await drain(w);
    expect(massJobsOf(w, YOUTH)).toHaveLength(massBefore);
    for (const stranger of ['o-trial-a', 'o-trial-b']) expect(w.sim.state.inbox(appIdOf(YOUTH), stranger)).toHaveLength(0);
    const guestGot = w.sim.state.inbox(appIdOf(YOUTH), 'o-trial-guest');
    expect(guestGot.map((d) => d.via)).toEqual(['preview', 'preview']);
    expect(await slotsOf(YOUTH)).toHaveLength(0);
    expect(await broadcastById(w, b.id)).toMatchObject({ status: 'sent', reportStatus: 'trial', sentCount: 1 });
  });

  it('still reaches only guests when trial mode is switched back on after a send was committed', async () => {
    await setAccount(w, YOUTH, { trialMode: false, broadcastQuotaLimit: 5 });
    await resetQuota(YOUTH);
    const admin = await userStaff(w, 'youth@wegov.local');
    const b = await approvedBroadcast(w, YOUTH);
    expect((await send(admin, b.id, { when: 'later', scheduledAt: '2031-05-05T10:00' })).ok).toBe(true);
    expect((await setTrialModeCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, trialMode: 'on' } })).ok).toBe(true);
    await w.t.db.update(jobs).set({ runAt: new Date() }).where(like(jobs.idempotencyKey, `broadcast-send:wegov-${b.id}-%`));
    const massBefore = massJobsOf(w, YOUTH).length;
    await drain(w);
    await drain(w);
    expect(massJobsOf(w, YOUTH)).toHaveLength(massBefore);
    for (const stranger of ['o-trial-a', 'o-trial-b']) expect(w.sim.state.inbox(appIdOf(YOUTH), stranger)).toHaveLength(0);
    await setAccount(w, YOUTH, { broadcastQuotaLimit: 1 });
  });

  it('lets an account admin manage guests and trial mode, audited', async () => {
    const admin = await userStaff(w, 'youth@wegov.local');
    const [id] = await addFollowers(w, YOUTH, ['o-guest-2']);
    expect((await addGuestCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, follower: 'name-o-guest-2' } })).ok).toBe(true);
    expect(await addGuestCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, follower: 'nobody' } })).toMatchObject({ fieldErrors: { follower: ['not_a_follower'] } });
    expect((await removeGuestCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, followerId: String(id) } })).ok).toBe(true);
    expect((await setTrialModeCommand({ db: w.t.db, staff: admin, input: { account: YOUTH, trialMode: 'off' } })).ok).toBe(true);
    const accountId = await accountIdOf(w, YOUTH);
    const actions = (await w.t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.accountId, accountId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['broadcast.guest_add', 'broadcast.guest_remove', 'broadcast.trial_off', 'broadcast.trial_on', 'broadcast.send_now', 'broadcast.preview']));
  });
});

describe('publishing without a push', () => {
  it('publishes an approved article, stores PUBLISHJOBFINISH once and lists it in the archive — no slot spent', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const b = await approvedBroadcast(w, POLICE, { msgType: 'news', title: '户籍业务指南', content: { articles: [{ title: '户籍业务指南', body: '周六照常办理。' }] } });
    const slotsBefore = (await slotsOf(POLICE)).length;
    expect(await publishBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(b.id) } })).toEqual({ ok: true, data: undefined });
    expect(await publishBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(b.id) } })).toEqual({ ok: false, error: 'already_published' });
    await drain(w);
    const published = w.sim.state.publishJobs(appIdOf(POLICE));
    expect(published).toHaveLength(1);
    expect(await broadcastById(w, b.id)).toMatchObject({ publishStatus: 'publishing', publishId: published[0]!.publishId });
    const createTime = Math.floor(Date.now() / 1000);
    expect((await pushPublishReport(w, POLICE, published[0]!, createTime)).status).toBe(200);
    expect((await pushPublishReport(w, POLICE, published[0]!, createTime)).status).toBe(200);
    const row = await broadcastById(w, b.id);
    expect(row).toMatchObject({ publishStatus: 'published', publishedUrls: published[0]!.articleUrls, status: 'approved' });
    expect(row.archivedAt).not.toBeNull();
    const audits = await w.t.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'broadcast.published'), eq(auditLog.entityId, String(b.id))));
    expect(audits[0]!.n).toBe(1);
    expect((await slotsOf(POLICE)).length).toBe(slotsBefore);
    const archive = await listArchive({ db: w.t.db, accountId: await accountIdOf(w, POLICE) });
    expect(archive[0]).toMatchObject({ id: b.id, title: '户籍业务指南', url: published[0]!.articleUrls[0] });
  });

  it('ignores a PUBLISHJOBFINISH for another tenant’s publish id', async () => {
    const b = await approvedBroadcast(w, POLICE, { msgType: 'news', publishId: '999000111', publishStatus: 'publishing' });
    const fake = { publishId: '999000111', appId: appIdOf(YOUTH), mediaId: 'm', at: Date.now(), articleId: 'a', status: 0, articleUrls: ['https://mp.weixin.qq.com/s/x'] };
    expect((await pushPublishReport(w, YOUTH, fake)).status).toBe(200);
    expect(await broadcastById(w, b.id)).toMatchObject({ publishStatus: 'publishing', archivedAt: null });
  });

  it('refuses to publish a text broadcast or one not yet approved', async () => {
    const admin = await userStaff(w, 'police@wegov.local');
    const text = await approvedBroadcast(w, POLICE);
    expect(await publishBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(text.id) } })).toEqual({ ok: false, error: 'not_news' });
    const draft = await approvedBroadcast(w, POLICE, { msgType: 'news', status: 'draft' });
    expect(await publishBroadcastCommand({ db: w.t.db, staff: admin, input: { broadcastId: String(draft.id) } })).toEqual({ ok: false, error: 'not_approved' });
  });
});

describe('who may do what (5 roles) and tenants', () => {
  const ROLES = ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const;
  async function staffAs(role: (typeof ROLES)[number]): Promise<Staff> {
    if (role === 'platform_admin') return userStaff(w, 'admin@wegov.local');
    if (role === 'account_admin') return userStaff(w, 'police@wegov.local');
    return member(w, POLICE, role);
  }
  const allowed = (r: { ok: boolean }) => !('notFound' in r);

  it('lets editors and up send, preview and publish; reviewers and agents get a 404', async () => {
    await setAccount(w, POLICE, { trialMode: false, broadcastQuotaLimit: 100 });
    const outcome: Record<string, boolean[]> = {};
    for (const role of ROLES) {
      const staff = await staffAs(role);
      const b = await approvedBroadcast(w, POLICE, { msgType: 'news', content: { articles: [{ title: 't', body: 'b' }] } });
      const s = await send(staff, b.id, { when: 'later', scheduledAt: '2032-01-01T10:00' });
      const p = await previewBroadcastCommand({ db: w.t.db, staff, input: { broadcastId: String(b.id), to: 'follower', follower: 'o-traffic-1' } });
      const pub = await publishBroadcastCommand({ db: w.t.db, staff, input: { broadcastId: String(b.id) } });
      const c = await cancelBroadcastCommand({ db: w.t.db, staff, input: { broadcastId: String(b.id) } });
      outcome[role] = [s, p, pub, c].map(allowed);
    }
    expect(outcome).toEqual({
      platform_admin: [true, true, true, true],
      account_admin: [true, true, true, true],
      editor: [true, true, true, true],
      reviewer: [false, false, false, false],
      agent: [false, false, false, false],
    });
  });

  it('lets account admins manage trial mode and guests, and only platform admins the quota policy', async () => {
    const outcome: Record<string, boolean[]> = {};
    for (const role of ROLES) {
      const staff = await staffAs(role);
      const trial = await setTrialModeCommand({ db: w.t.db, staff, input: { account: POLICE, trialMode: 'off' } });
      const guest = await addGuestCommand({ db: w.t.db, staff, input: { account: POLICE, follower: 'o-traffic-2' } });
      const policy = await setQuotaPolicyCommand({ db: w.t.db, staff, input: { account: POLICE, preset: 'service' } });
      outcome[role] = [trial, guest, policy].map(allowed);
    }
    expect(outcome).toEqual({
      platform_admin: [true, true, true],
      account_admin: [true, true, false],
      editor: [false, false, false],
      reviewer: [false, false, false],
      agent: [false, false, false],
    });
    const [account] = await w.t.db.select().from(accounts).where(eq(accounts.slug, POLICE));
    expect(account).toMatchObject({ broadcastQuotaLimit: 4, broadcastQuotaWindow: 'month', broadcastFollowerMonthlyCap: 4 });
  });

  it('validates a custom quota policy next to its fields', async () => {
    const platform = await userStaff(w, 'admin@wegov.local');
    expect(await setQuotaPolicyCommand({ db: w.t.db, staff: platform, input: { account: POLICE, preset: 'custom', limit: '', window: 'day' } })).toMatchObject({ fieldErrors: { limit: ['required'] } });
    expect(await setQuotaPolicyCommand({ db: w.t.db, staff: platform, input: { account: POLICE, preset: 'custom', limit: '2', window: 'day', followerMonthlyCap: '' } })).toEqual({
      ok: true,
      data: { limit: 2, window: 'day', followerMonthlyCap: null },
    });
    await setQuotaPolicyCommand({ db: w.t.db, staff: platform, input: { account: POLICE, preset: 'custom', limit: '100', window: 'month', followerMonthlyCap: '4' } });
  });

  it('answers 404 to another tenant’s broadcast, guest or account, and changes nothing', async () => {
    const youth = await userStaff(w, 'youth@wegov.local');
    const police = await approvedBroadcast(w, POLICE, { msgType: 'news', content: { articles: [{ title: 't', body: 'b' }] } });
    const jobsBefore = (await w.t.db.select({ n: count() }).from(jobs))[0]!.n;
    expect(await send(youth, police.id)).toEqual({ ok: false, notFound: true });
    expect(await previewBroadcastCommand({ db: w.t.db, staff: youth, input: { broadcastId: String(police.id), to: 'guests' } })).toEqual({ ok: false, notFound: true });
    expect(await publishBroadcastCommand({ db: w.t.db, staff: youth, input: { broadcastId: String(police.id) } })).toEqual({ ok: false, notFound: true });
    expect(await cancelBroadcastCommand({ db: w.t.db, staff: youth, input: { broadcastId: String(police.id) } })).toEqual({ ok: false, notFound: true });
    expect(await setTrialModeCommand({ db: w.t.db, staff: youth, input: { account: POLICE, trialMode: 'on' } })).toEqual({ ok: false, notFound: true });
    // A police guest's follower id, removed through the youth account: nothing removed.
    const policeId = await accountIdOf(w, POLICE);
    const [policeGuest] = await w.t.db.select().from(broadcastGuests).where(eq(broadcastGuests.accountId, policeId));
    expect(policeGuest).toBeDefined();
    expect(await removeGuestCommand({ db: w.t.db, staff: youth, input: { account: YOUTH, followerId: String(policeGuest!.followerId) } })).toEqual({ ok: false, notFound: true });
    expect(await w.t.db.select().from(broadcastGuests).where(eq(broadcastGuests.followerId, policeGuest!.followerId))).toHaveLength(1);
    // A police follower cannot become a youth guest either.
    expect(await addGuestCommand({ db: w.t.db, staff: youth, input: { account: YOUTH, follower: 'o-traffic-1' } })).toMatchObject({ fieldErrors: { follower: ['not_a_follower'] } });
    expect(await broadcastById(w, police.id)).toMatchObject({ status: 'approved', publishStatus: null, clientMsgId: null });
    expect((await w.t.db.select({ n: count() }).from(jobs))[0]!.n).toBe(jobsBefore);
    const [account] = await w.t.db.select().from(accounts).where(eq(accounts.slug, POLICE));
    expect(account!.trialMode).toBe(false);
  });
});
