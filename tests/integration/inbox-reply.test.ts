import { and, count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokens, apiPauses, followers, jobs, messages } from '../../db/schema';
import { textPayload } from '../../lib/inbox/outbound';
import { replyCommand } from '../../lib/inbox/commands';
import { SEND_JOB } from '../../lib/inbox/reply';
import { serviceWindow } from '../../lib/inbox/window';
import { claimJobs } from '../../lib/jobs/outbox';
import { recoverExpiredLeases } from '../../lib/jobs/worker';
import {
  accountIdOf,
  appIdOf,
  citizenWrites,
  conversationOf,
  createInboxWorld,
  customSendCalls,
  drainOutbox,
  handlers,
  messageById,
  simInbox,
  staffOf,
  type InboxWorld,
} from './inbox-fixtures';

let w: InboxWorld;
beforeAll(async () => {
  w = await createInboxWorld();
});
afterAll(async () => {
  await w.close();
});

const SLUG = 'zhaoqing-police';

async function reply(openid: string, text: string, clientKey?: string) {
  const staff = await staffOf(w, 'police@wegov.local');
  const convo = await conversationOf(w, SLUG, openid);
  const result = await replyCommand({ db: w.t.db, staff, input: { conversationId: String(convo.id), text, ...(clientKey ? { clientKey } : {}) } });
  if (!result.ok) throw new Error(`reply refused: ${JSON.stringify(result)}`);
  const [last] = await w.t.db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'outbound')))
    .orderBy(messages.id);
  const all = await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'outbound'))).orderBy(messages.id);
  return { result: result.data, message: all[all.length - 1] ?? last!, convo };
}

describe('a staff reply reaches the citizen through custom/send', () => {
  it('queues the reply, the outbox sends it once, and the citizen receives it', async () => {
    await citizenWrites(w, SLUG, 'oReplyOk', '请问身份证怎么补办？');
    const { result, message, convo } = await reply('oReplyOk', '您好，请带户口本到派出所办理。');
    expect(result.state).toBe('queued');
    expect(message.deliveryState).toBe('queued');
    const c = await conversationOf(w, SLUG, 'oReplyOk');
    expect(c.firstResponseAt).not.toBeNull();
    expect(c.status).toBe('pending');
    await drainOutbox(w);
    const sent = await messageById(w, message.id);
    expect(sent.deliveryState).toBe('sent');
    expect(sent.deliveredAt).not.toBeNull();
    const inbox = simInbox(w, SLUG, 'oReplyOk');
    expect(inbox.map((d) => (d.payload as { content?: string }).content)).toEqual(['您好，请带户口本到派出所办理。']);
    // Running the outbox again sends nothing more.
    await drainOutbox(w);
    expect(simInbox(w, SLUG, 'oReplyOk')).toHaveLength(1);
    expect(convo.id).toBe(c.id);
  });

  it('stores one message for a double submit with the same client key', async () => {
    await citizenWrites(w, SLUG, 'oDouble', '在吗');
    await reply('oDouble', '在的', 'key-double-0001');
    await reply('oDouble', '在的', 'key-double-0001');
    const convo = await conversationOf(w, SLUG, 'oDouble');
    const rows = await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'outbound')));
    expect(rows).toHaveLength(1);
  });

  it('counts the 5 messages of the window and holds the 6th for the citizen', async () => {
    await citizenWrites(w, SLUG, 'oQuota', '问题');
    const states: string[] = [];
    for (let i = 1; i <= 6; i++) states.push((await reply('oQuota', `答复 ${i}`)).result.state);
    expect(states).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'waiting_for_citizen']);
    await drainOutbox(w);
    expect(simInbox(w, SLUG, 'oQuota')).toHaveLength(5);
    const convo = await conversationOf(w, SLUG, 'oQuota');
    const window = await serviceWindow({ db: w.t.db, followerId: convo.followerId });
    expect(window.remaining).toBe(0);
  });
});

describe('when the 48-hour window is closed', () => {
  it('waits, then answers the citizen’s next message as its passive reply, also on WeChat’s retry', async () => {
    await citizenWrites(w, SLUG, 'oClosed', '上周问的事情', { secondsAgo: 49 * 3600 });
    const { result, message } = await reply('oClosed', '已经为您登记，请周一来取。');
    expect(result.state).toBe('waiting_for_citizen');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).filter((c) => (c.body as { touser?: string })?.touser === 'oClosed')).toHaveLength(0);

    const next = await citizenWrites(w, SLUG, 'oClosed', '还在吗？');
    expect(next.reply).toBe('已经为您登记，请周一来取。');
    const delivered = await messageById(w, message.id);
    expect(delivered.deliveryState).toBe('sent');
    expect((delivered.payload as { via?: string }).via).toBe('passive');
  });

  it('lets a keyword command answer the next message and sends the waiting reply by custom/send', async () => {
    const { publishedEvent, registrationsOf } = await import('./events-fixtures');
    const event = await publishedEvent(w, SLUG);
    await citizenWrites(w, SLUG, 'oCommand', '活动还有名额吗', { secondsAgo: 49 * 3600 });
    const { result, message } = await reply('oCommand', '还有名额，回复「报名」加活动编号即可。');
    expect(result.state).toBe('waiting_for_citizen');
    const next = await citizenWrites(w, SLUG, 'oCommand', `报名 ${event.id}`);
    expect(next.reply).toContain('报名成功');
    expect((await registrationsOf(w, event.id)).map((r) => r.openid)).toEqual(['oCommand']);
    expect((await messageById(w, message.id)).deliveryState).toBe('queued');
    await drainOutbox(w);
    expect((await messageById(w, message.id)).deliveryState).toBe('sent');
    expect(simInbox(w, SLUG, 'oCommand').map((d) => (d.payload as { content?: string }).content)).toEqual(['还有名额，回复「报名」加活动编号即可。']);
    const [flag] = await w.t.db.select({ waiting: followers.hasWaitingReplies }).from(followers).where(eq(followers.id, (await conversationOf(w, SLUG, 'oCommand')).followerId));
    expect(flag?.waiting).toBe(false);
  });

  it('gives a WeChat retry of the same push the same passive reply', async () => {
    await citizenWrites(w, SLUG, 'oRetry', '旧问题', { secondsAgo: 50 * 3600 });
    await reply('oRetry', '这是给您的答复');
    const { demoCredentials, signedPush, pushRequest, readReply, textMessage } = await import('../helpers/webhook');
    const credentials = demoCredentials(SLUG);
    const push = signedPush({ slug: SLUG, credentials, fields: textMessage(credentials, 'oRetry', '有人吗') });
    const first = readReply(credentials, await (await w.webhook.send(pushRequest(push))).text());
    const second = readReply(credentials, await (await w.webhook.send(pushRequest(push))).text());
    expect(first?.fields.Content).toBe('这是给您的答复');
    expect(second?.fields.Content).toBe('这是给您的答复');
  });
});

describe('the waiting-reply hint keeps the webhook’s one-statement lane honest', () => {
  async function follower(openid: string) {
    const [row] = await w.t.db
      .select()
      .from(followers)
      .where(and(eq(followers.openid, openid), eq(followers.accountId, await accountIdOf(w, SLUG))));
    return row!;
  }

  async function inboundCount(openid: string): Promise<number> {
    const { id } = await follower(openid);
    const [row] = await w.t.db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.followerId, id), eq(messages.direction, 'inbound')));
    return row!.n;
  }

  it('is set by a waiting reply, cleared when it is handed out, and the next message gets the auto-reply', async () => {
    await citizenWrites(w, SLUG, 'oHint', '上周的问题', { secondsAgo: 49 * 3600 });
    expect((await follower('oHint')).hasWaitingReplies).toBe(false);
    await reply('oHint', '您的证件已办好');
    expect((await follower('oHint')).hasWaitingReplies).toBe(true);

    expect((await citizenWrites(w, SLUG, 'oHint', '好的')).reply).toBe('您的证件已办好');
    expect((await follower('oHint')).hasWaitingReplies).toBe(false);
    const next = await citizenWrites(w, SLUG, 'oHint', '谢谢');
    expect(next.reply).not.toBe('您的证件已办好');
    expect(next.reply).not.toBeNull();
    expect(await inboundCount('oHint')).toBe(3);
    expect((await conversationOf(w, SLUG, 'oHint')).unreadCount).toBeGreaterThan(0);
  });

  it('a stale hint (the waiting reply is gone) costs one transactional pass and is cleared', async () => {
    await citizenWrites(w, SLUG, 'oStale', '你好');
    const { id } = await follower('oStale');
    await w.t.db.update(followers).set({ hasWaitingReplies: true }).where(eq(followers.id, id));
    const answer = await citizenWrites(w, SLUG, 'oStale', '在吗');
    expect(answer.status).toBe(200);
    expect(answer.reply).not.toBeNull();
    expect((await follower('oStale')).hasWaitingReplies).toBe(false);
    expect(await inboundCount('oStale')).toBe(2);
  });

  it.runIf(process.env.TEST_DB === 'postgres')(
    'sees a reply committed while its statement waited for the follower row (PostgreSQL)',
    async () => {
      await citizenWrites(w, SLUG, 'oRace', '上个月的事情', { secondsAgo: 60 * 3600 });
      const { id: followerId } = await follower('oRace');
      const convo = await conversationOf(w, SLUG, 'oRace');
      const staffSide = postgres(w.t.url!, { max: 2, onnotice: () => {} });
      try {
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        // What queueReply does for a closed window, held open: lock the follower, store a waiting reply.
        const staffTx = staffSide.begin(async (sql) => {
          await sql`select id from followers where id = ${followerId} for update`;
          await sql`insert into messages (account_id, follower_id, conversation_id, direction, msg_type, content, payload, delivery_state)
            values (${convo.accountId}, ${followerId}, ${convo.id}, 'outbound', 'text', '已为您转交', ${sql.json(textPayload('已为您转交') as never)}, 'waiting_for_citizen')`;
          locked();
          await released;
        });
        await isLocked;
        const push = citizenWrites(w, SLUG, 'oRace', '还有别的问题');
        // Let the push's statement start and queue behind the staff transaction's row lock.
        for (let i = 0; i < 200; i++) {
          const [waiting] = await staffSide`select count(*)::int as n from pg_locks where not granted`.catch(() => [{ n: 0 }]);
          if ((waiting as { n: number }).n > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        release();
        await staffTx;
        expect((await push).reply).toBe('已为您转交');
      } finally {
        await staffSide.end();
      }
    },
  );
});

describe('WeChat errors are classified (docs/reliability.md J4–J8, R13)', () => {
  it('45015 from WeChat: exactly one call, the reply waits for the citizen', async () => {
    await citizenWrites(w, SLUG, 'o45015', '你好');
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: 45015, times: 1 });
    const before = customSendCalls(w, SLUG).length;
    const { message } = await reply('o45015', '回复');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length - before).toBe(1);
    const m = await messageById(w, message.id);
    expect(m.deliveryState).toBe('waiting_for_citizen');
    expect(m.deliveryError).toBe('45015');
  });

  it('40003 (not a follower): one call, failed with the code kept for staff', async () => {
    await citizenWrites(w, SLUG, 'o40003', '你好');
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: 40003, times: 1 });
    const before = customSendCalls(w, SLUG).length;
    const { message } = await reply('o40003', '回复');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length - before).toBe(1);
    const m = await messageById(w, message.id);
    expect(m.deliveryState).toBe('failed');
    expect(m.deliveryError).toBe('40003');
  });

  it('-1 and HTTP 502: retried with backoff and delivered once', async () => {
    await citizenWrites(w, SLUG, 'oBusy', '你好');
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: -1, times: 1 });
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', httpStatus: 502, times: 1 });
    const before = customSendCalls(w, SLUG).length;
    const { message } = await reply('oBusy', '稍等');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length - before).toBe(3);
    expect((await messageById(w, message.id)).deliveryState).toBe('sent');
    expect(simInbox(w, SLUG, 'oBusy')).toHaveLength(1);
  });

  it('gives up after max attempts on a persistent transient error: failed, dead job, 5 calls', async () => {
    await citizenWrites(w, SLUG, 'oDown', '你好');
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: -1, times: 5 });
    const before = customSendCalls(w, SLUG).length;
    const { message } = await reply('oDown', '稍等');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length - before).toBe(5);
    expect((await messageById(w, message.id)).deliveryState).toBe('failed');
    const [job] = await w.t.db.select().from(jobs).where(eq(jobs.idempotencyKey, `send:${message.id}:1`));
    expect(job?.status).toBe('dead');
  });

  it('45009 pauses custom/send for the account: no further calls while paused', async () => {
    await citizenWrites(w, SLUG, 'oQuotaDay', '你好');
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: 45009, times: 1 });
    const before = customSendCalls(w, SLUG).length;
    const first = await reply('oQuotaDay', '第一条');
    const second = await reply('oQuotaDay', '第二条');
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length - before).toBe(1);
    expect((await messageById(w, first.message.id)).deliveryState).toBe('queued');
    expect((await messageById(w, second.message.id)).deliveryState).toBe('queued');
    const [pause] = await w.t.db.select().from(apiPauses).where(eq(apiPauses.accountId, await accountIdOf(w, SLUG)));
    expect(pause!.until.getTime()).toBeGreaterThan(Date.now());
    const pending = await w.t.db.select().from(jobs).where(and(eq(jobs.kind, SEND_JOB), eq(jobs.status, 'pending')));
    expect(pending.every((j) => j.runAt.getTime() >= pause!.until.getTime() - 1000)).toBe(true);
    await w.t.db.delete(apiPauses);
  });

  it('refreshes a token WeChat calls stale (40001) once and retries once', async () => {
    await citizenWrites(w, SLUG, 'oToken', '你好');
    await drainOutbox(w);
    const tokenCalls = () => w.sim.state.calls({ path: '/cgi-bin/stable_token', appId: appIdOf(SLUG) }).length;
    const beforeTokens = tokenCalls();
    w.sim.state.script({ path: '/cgi-bin/message/custom/send', errcode: 40001, times: 1 });
    const { message } = await reply('oToken', '你好呀');
    await drainOutbox(w);
    expect((await messageById(w, message.id)).deliveryState).toBe('sent');
    expect(tokenCalls() - beforeTokens).toBe(1);
  });
});

describe('a crash never causes a second send (docs/reliability.md J11)', () => {
  it('a send whose worker died mid-call becomes unknown and is not sent again', async () => {
    await citizenWrites(w, SLUG, 'oCrash', '你好');
    const { message } = await reply('oCrash', '答复');
    // A worker claims the job and marks the message in flight, then dies (its lease runs out).
    const [job] = await claimJobs({ db: w.t.db, limit: 1, leaseMs: 1, kinds: [SEND_JOB] });
    expect(job).toBeDefined();
    await w.t.db.update(messages).set({ deliveryState: 'sending' }).where(eq(messages.id, message.id));
    await new Promise((r) => setTimeout(r, 20));
    const before = customSendCalls(w, SLUG).length;
    await recoverExpiredLeases({ db: w.t.db, handlers: handlers(w) });
    await drainOutbox(w);
    expect(customSendCalls(w, SLUG).length).toBe(before);
    const m = await messageById(w, message.id);
    expect(m.deliveryState).toBe('unknown');
    const [j] = await w.t.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(j?.status).toBe('failed');
  });

  it('a job claimed but not started when the worker died is simply run again', async () => {
    await citizenWrites(w, SLUG, 'oCrash2', '你好');
    const { message } = await reply('oCrash2', '答复');
    await claimJobs({ db: w.t.db, limit: 1, leaseMs: 1, kinds: [SEND_JOB] });
    await new Promise((r) => setTimeout(r, 20));
    await drainOutbox(w);
    expect((await messageById(w, message.id)).deliveryState).toBe('sent');
    expect(simInbox(w, SLUG, 'oCrash2')).toHaveLength(1);
  });
});

describe('the access token is shared and refreshed by one caller', () => {
  it('50 concurrent calls with an empty cache make one token call', async () => {
    const accountId = await accountIdOf(w, 'zhongshan-youth');
    await w.t.db.delete(accessTokens).where(eq(accessTokens.accountId, accountId));
    const { wechatApiFor } = await import('../../lib/wechat/api/client');
    const { resetTokenFlightsForTests } = await import('../../lib/wechat/api/token');
    resetTokenFlightsForTests();
    const before = w.sim.state.calls({ path: '/cgi-bin/stable_token', appId: appIdOf('zhongshan-youth') }).length;
    // Separate client objects, as separate requests would have.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, async () => {
        const api = await wechatApiFor({ db: w.t.db, accountId, config: w.config });
        return api.call({ method: 'GET', path: '/cgi-bin/tags/get' });
      }),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(w.sim.state.calls({ path: '/cgi-bin/stable_token', appId: appIdOf('zhongshan-youth') }).length - before).toBe(1);
  });
});
