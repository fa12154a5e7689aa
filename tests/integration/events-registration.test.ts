import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followers, followerTags, jobs, messages, tags } from '../../db/schema';
import { registerFollower } from '../../lib/events/registration';
import { SEND_JOB } from '../../lib/inbox/reply';
import { demoCredentials, eventMessage, readReply } from '../helpers/webhook';
import { accountIdOf, citizenWrites, createInboxWorld, pushEvent, type InboxWorld } from './inbox-fixtures';
import { publishedEvent, registrationsOf } from './events-fixtures';

let w: InboxWorld;
beforeAll(async () => {
  w = await createInboxWorld();
});
afterAll(async () => {
  await w.close();
});

let tick = 0;
async function scan(slug: string, openid: string, event: 'subscribe' | 'SCAN', key: string): Promise<string | null> {
  const credentials = demoCredentials(slug);
  // Distinct CreateTime per scan: WeChat dedups events on (from, time, event, key), as do we.
  const fields = { ...eventMessage(credentials, openid, event, { EventKey: key }), CreateTime: Math.floor(Date.now() / 1000) + ++tick };
  const response = await pushEvent(w, slug, fields);
  expect(response.status).toBe(200);
  const body = await response.text();
  if (body === 'success' || body === '') return null;
  const content = readReply(credentials, body)!.fields.Content;
  return typeof content === 'string' ? content : null;
}

describe('capacity under concurrency', () => {
  it('200 registrations at once confirm exactly the capacity and waitlist the rest; a repeat counts once', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 50 });
    const accountId = await accountIdOf(w, 'zhongshan-youth');
    const rows = await w.t.db
      .insert(followers)
      .values(Array.from({ length: 200 }, (_, i) => ({ accountId, openid: `oLoad${event.id}_${i}`, subscribed: true })))
      .returning({ id: followers.id });
    const results = await Promise.all(
      rows.map((f) => w.t.db.transaction((tx) => registerFollower({ tx, accountId, eventId: event.id, followerId: f.id, source: 'keyword' }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const regs = await registrationsOf(w, event.id);
    expect(regs.filter((r) => r.status === 'confirmed')).toHaveLength(50);
    expect(regs.filter((r) => r.status === 'waitlisted')).toHaveLength(150);
    const again = await w.t.db.transaction((tx) => registerFollower({ tx, accountId, eventId: event.id, followerId: rows[0]!.id, source: 'keyword' }));
    expect(again).toMatchObject({ ok: true, already: true });
    expect(await registrationsOf(w, event.id)).toHaveLength(200);
  });
});

describe('keyword registration and cancellation through the webhook', () => {
  it('registers with 报名 <id>, 报名<id> and a full-width space; refuses unknown and other accounts’ events', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 5 });
    const police = await publishedEvent(w, 'zhaoqing-police');
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw1', `报名 ${event.id}`)).reply).toContain('报名成功');
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw2', `报名${event.id}`)).reply).toContain('报名成功');
    const fullWidth = await citizenWrites(w, 'zhongshan-youth', 'oKw3', `报名\u3000${event.id}`);
    expect(fullWidth.reply).toContain('报名成功');
    expect(fullWidth.reply).toContain('想收到「志愿服务」类活动的消息吗'); // the tag is offered, by name
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw1', `报名 ${event.id}`)).reply).toContain('无需重复报名');
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw4', '报名 99999')).reply).toContain('没有找到');
    // Another account's public event: not registered here; the reply names who runs it.
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw4', `报名 ${police.id}`)).reply).toContain('由公众号「平安肇庆」（微信号：pazq110）举办');
    expect(await registrationsOf(w, police.id)).toHaveLength(0);
    expect((await registrationsOf(w, event.id)).map((r) => [r.openid, r.status])).toEqual([
      ['oKw1', 'confirmed'],
      ['oKw2', 'confirmed'],
      ['oKw3', 'confirmed'],
    ]);
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw2', `取消 ${event.id}`)).reply).toContain('已为您取消');
    expect((await citizenWrites(w, 'zhongshan-youth', 'oKw2', `取消 ${event.id}`)).reply).toContain('没有报名');
    expect((await registrationsOf(w, event.id)).find((r) => r.openid === 'oKw2')?.status).toBe('cancelled');
    // Registering adds no interest tag: it is offered, and only a `1` adds it
    // (tests/integration/chat-event-commands.test.ts).
    const tagged = await w.t.db
      .select({ name: tags.name })
      .from(followerTags)
      .innerJoin(tags, eq(tags.id, followerTags.tagId))
      .innerJoin(followers, eq(followers.id, followerTags.followerId))
      .where(eq(followers.openid, 'oKw1'));
    expect(tagged.map((t) => t.name)).toEqual([]);
  });

  it('promotes the waitlist in order when someone cancels, and queues a message for the promoted', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 2 });
    for (const openid of ['oWl1', 'oWl2', 'oWl3', 'oWl4']) await citizenWrites(w, 'zhongshan-youth', openid, `报名 ${event.id}`);
    expect((await registrationsOf(w, event.id)).map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    const before = await w.t.db.select({ id: jobs.id }).from(jobs);
    await citizenWrites(w, 'zhongshan-youth', 'oWl1', `取消 ${event.id}`);
    const after = await registrationsOf(w, event.id);
    expect(after.map((r) => [r.openid, r.status])).toEqual([
      ['oWl1', 'cancelled'],
      ['oWl2', 'confirmed'],
      ['oWl3', 'confirmed'],
      ['oWl4', 'waitlisted'],
    ]);
    const newJobs = await w.t.db.select().from(jobs).where(eq(jobs.kind, SEND_JOB));
    const added = newJobs.filter((j) => !before.some((b) => b.id === j.id));
    expect(added).toHaveLength(1);
    const [message] = await w.t.db
      .select({ content: messages.content, openid: followers.openid })
      .from(messages)
      .innerJoin(followers, eq(followers.id, messages.followerId))
      .where(eq(messages.id, Number((added[0]!.payload as { messageId: number }).messageId)));
    expect(message).toMatchObject({ openid: 'oWl3' });
    expect(message!.content).toContain('候补转为正式报名');
  });
});

describe('QR scenes through the webhook', () => {
  it('subscribe with qrscene_event:<id> registers and asks for consent to the tags; a retry answers the same; SCAN counts once', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 3, tags: ['志愿服务', '环保'] });
    const credentials = demoCredentials('zhongshan-youth');
    const push = eventMessage(credentials, 'oQr1', 'subscribe', { EventKey: `qrscene_event:${event.id}` });
    const first = await pushEvent(w, 'zhongshan-youth', push);
    const retry = await pushEvent(w, 'zhongshan-youth', push);
    const a = readReply(credentials, await first.text())!.fields.Content as string;
    const b = readReply(credentials, await retry.text())!.fields.Content as string;
    expect(a).toContain('报名成功');
    expect(a).toContain('志愿服务、环保');
    expect(b).toBe(a);
    expect(await scan('zhongshan-youth', 'oQr1', 'SCAN', `event:${event.id}`)).toContain('无需重复报名');
    expect(await registrationsOf(w, event.id)).toMatchObject([{ openid: 'oQr1', status: 'confirmed', source: 'wechat_qr' }]);
  });

  it('checks in with checkin:<id>: registered → confirmed, stranger → walk-in while seats last, then refused', async () => {
    const event = await publishedEvent(w, 'zhongshan-youth', { capacity: 2 });
    await scan('zhongshan-youth', 'oCi1', 'subscribe', `qrscene_event:${event.id}`);
    expect(await scan('zhongshan-youth', 'oCi1', 'SCAN', `checkin:${event.id}`)).toContain('签到成功');
    expect(await scan('zhongshan-youth', 'oCi1', 'SCAN', `checkin:${event.id}`)).toContain('无需重复签到');
    expect(await scan('zhongshan-youth', 'oCi2', 'subscribe', `qrscene_checkin:${event.id}`)).toContain('已为您登记并签到');
    expect(await scan('zhongshan-youth', 'oCi3', 'SCAN', `checkin:${event.id}`)).toContain('请到签到台');
    const regs = await registrationsOf(w, event.id);
    expect(regs.map((r) => [r.openid, r.status, r.checkedInAt !== null])).toEqual([
      ['oCi1', 'confirmed', true],
      ['oCi2', 'confirmed', true],
    ]);
  });

  it('ignores a scene naming another account’s event (the ordinary welcome answers)', async () => {
    const police = await publishedEvent(w, 'zhaoqing-police');
    const reply = await scan('zhongshan-youth', 'oCross', 'subscribe', `qrscene_event:${police.id}`);
    expect(reply ?? '').not.toContain('报名成功');
    expect(await registrationsOf(w, police.id)).toHaveLength(0);
    const stored = await w.t.db
      .select({ id: followers.id })
      .from(followers)
      .where(and(eq(followers.openid, 'oCross'), inArray(followers.accountId, [await accountIdOf(w, 'zhongshan-youth')])));
    expect(stored).toHaveLength(1);
  });
});
