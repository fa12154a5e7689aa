import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, followers, followerTags, messages, registrations, tagOffers, tags } from '../../db/schema';
import { env } from '../../lib/env';
import { accountIdBySlug, nextMsgId, openWebhookWorld } from '../helpers/webhook';
import { chat, pushFields, sendFields, type WebhookWorld } from './chat-fixtures';

/** Chat commands of the events feature, through the real webhook (docs/events.md, "Chat commands"). */
let w: WebhookWorld;
beforeAll(async () => {
  w = await openWebhookWorld();
});
afterAll(async () => {
  await w.close();
});

const YOUTH_DEFAULT = '收到你的留言啦，团市委工作人员会在工作时间（周一至周五 9:00–18:00）回复你。';
/** The auto-reply, with the case line when the `1` opened a new inquiry (docs/citizen-service.md). */
const autoReply = new RegExp(`^${YOUTH_DEFAULT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\n\n您的咨询已受理，编号 ZY-\\d{6}-[A-Z0-9]{4}[^\n]*)?$`);
const origin = () => env().baseUrl.replace(/\/+$/, '');

async function eventOf(slug: string, values: Partial<typeof events.$inferInsert> = {}) {
  const start = new Date(Date.now() + 72 * 3600_000);
  const [row] = await w.t.db
    .insert(events)
    .values({
      accountId: await accountIdBySlug(w.t.db, slug),
      title: `测试活动 ${Math.random().toString(36).slice(2, 7)}`,
      placeName: '岐江公园',
      startsAt: start,
      endsAt: new Date(start.getTime() + 3 * 3600_000),
      capacity: 10,
      interestTags: ['志愿服务', '环保'],
      status: 'published',
      ...values,
    })
    .returning();
  return row!;
}

async function tagsOf(slug: string, openid: string): Promise<string[]> {
  const rows = await w.t.db
    .select({ name: tags.name })
    .from(followerTags)
    .innerJoin(tags, eq(tags.id, followerTags.tagId))
    .innerJoin(followers, eq(followers.id, followerTags.followerId))
    .where(and(eq(followers.openid, openid), eq(followers.accountId, await accountIdBySlug(w.t.db, slug))));
  return rows.map((r) => r.name).sort();
}

async function registered(eventId: number): Promise<number> {
  return (await w.t.db.select().from(registrations).where(eq(registrations.eventId, eventId))).length;
}

/** Moves a follower's offer and messages `minutes` into the past: what waiting that long does. */
async function letTimePass(openid: string, minutes: number) {
  const [f] = await w.t.db.select({ id: followers.id }).from(followers).where(eq(followers.openid, openid));
  const by = sql`${`${minutes} minutes`}::interval`;
  await w.t.db.update(tagOffers).set({ offeredAt: sql`${tagOffers.offeredAt} - ${by}`, expiresAt: sql`${tagOffers.expiresAt} - ${by}` }).where(eq(tagOffers.followerId, f!.id));
  await w.t.db.update(messages).set({ createdAt: sql`${messages.createdAt} - ${by}` }).where(eq(messages.followerId, f!.id));
}

describe('报名 / 取消 an event another account runs', () => {
  it('names the account that runs it, its WeChat ID and how to follow and register there; registers nothing', async () => {
    const police = await eventOf('zhaoqing-police', { title: '警营开放日（测试）' });
    const reply = await chat(w, 'zhongshan-youth', 'oElse1', { kind: 'text', content: `报名 ${police.id}` });
    expect(reply).toContain(`活动 ${police.id}「警营开放日（测试）」由公众号「平安肇庆」（微信号：pazq110）举办`);
    expect(reply).toContain('在微信里搜索「pazq110」并关注');
    expect(reply).toContain(`${origin()}/accounts/zhaoqing-police`);
    expect(reply).toContain(`回复「报名 ${police.id}」`);
    expect(reply).toContain(`${origin()}/events/${police.id}`);
    expect(reply).not.toContain('没有找到');
    expect(await registered(police.id)).toBe(0);

    const cancel = await chat(w, 'zhongshan-youth', 'oElse1', { kind: 'text', content: `取消 ${police.id}` });
    expect(cancel).toContain('由公众号「平安肇庆」（微信号：pazq110）举办');
    expect(cancel).toContain(`在该公众号回复「取消 ${police.id}」`);
  });

  it('keeps a draft, a cancelled event and an unknown number of another account “not found”', async () => {
    const draft = await eventOf('zhaoqing-police', { title: '未发布的草稿', status: 'draft' });
    const cancelled = await eventOf('zhaoqing-police', { title: '已取消的活动', status: 'cancelled' });
    for (const id of [draft.id, cancelled.id, 99_999]) {
      for (const verb of ['报名', '取消']) {
        const reply = await chat(w, 'zhongshan-youth', 'oElse2', { kind: 'text', content: `${verb} ${id}` });
        expect(reply).toBe(`没有找到编号为 ${id} 的活动，请核对活动编号。`);
      }
    }
    expect(await registered(draft.id)).toBe(0);
  });

  it('without a WeChat ID points to the directory page, never a name search a look-alike could win', async () => {
    await w.t.db.execute(sql`update accounts set wechat_id = null where slug = 'zhongshan-weather'`);
    const weather = await eventOf('zhongshan-weather', { title: '气象开放日' });
    const reply = await chat(w, 'zhongshan-youth', 'oElse3', { kind: 'text', content: `报名 ${weather.id}` });
    expect(reply).toContain('由公众号「中山天气」举办');
    expect(reply).toContain(`打开 ${origin()}/accounts/zhongshan-weather 扫码关注`);
    expect(reply).not.toContain('搜索');
  });
});

describe('interest tags are asked, not assumed', () => {
  it('registration adds no tag and asks; `1` next adds the tags, for that follower only', async () => {
    const event = await eventOf('zhongshan-youth');
    const a = await chat(w, 'zhongshan-youth', 'oTagA', { kind: 'text', content: `报名 ${event.id}` });
    const b = await chat(w, 'zhongshan-youth', 'oTagB', { kind: 'text', content: `报名 ${event.id}` });
    expect(a).toContain('报名成功');
    expect(a).toContain('想收到「志愿服务、环保」类活动的消息吗？30 分钟内回复「1」即可');
    expect(a).not.toContain('报名即表示您同意');
    expect(b).toContain('回复「1」');
    expect(await tagsOf('zhongshan-youth', 'oTagA')).toEqual([]);
    expect(await tagsOf('zhongshan-youth', 'oTagB')).toEqual([]);

    expect(await chat(w, 'zhongshan-youth', 'oTagA', { kind: 'text', content: '1' })).toBe('好的，今后「志愿服务、环保」类的活动消息会发给您。取消关注本号即全部停止。');
    expect(await tagsOf('zhongshan-youth', 'oTagA')).toEqual(['志愿服务', '环保']);
    expect(await tagsOf('zhongshan-youth', 'oTagB')).toEqual([]);
    // The offer is used up: a second `1` is an ordinary message.
    expect(await chat(w, 'zhongshan-youth', 'oTagA', { kind: 'text', content: '1' })).toMatch(autoReply);
    // Registering again offers only what the follower does not have yet.
    const other = await eventOf('zhongshan-youth', { interestTags: ['环保', '敬老'] });
    expect(await chat(w, 'zhongshan-youth', 'oTagA', { kind: 'text', content: `报名 ${other.id}` })).toContain('想收到「敬老」类活动的消息吗？');
  });

  it('a QR registration asks too, and its `1` counts', async () => {
    const event = await eventOf('zhongshan-youth', { interestTags: ['创业'] });
    const reply = await chat(w, 'zhongshan-youth', 'oTagQr', { kind: 'subscribe', scene: `event:${event.id}` });
    expect(reply).toContain('报名成功');
    expect(reply).toContain('想收到「创业」类活动的消息吗？');
    expect(await tagsOf('zhongshan-youth', 'oTagQr')).toEqual([]);
    expect(await chat(w, 'zhongshan-youth', 'oTagQr', { kind: 'text', content: '１' })).toContain('今后「创业」类的活动消息会发给您');
    expect(await tagsOf('zhongshan-youth', 'oTagQr')).toEqual(['创业']);
  });

  it('`1` within 30 minutes counts; after 30 minutes it is an ordinary message and adds nothing', async () => {
    const event = await eventOf('zhongshan-youth');
    await chat(w, 'zhongshan-youth', 'oTagIn', { kind: 'text', content: `报名 ${event.id}` });
    await chat(w, 'zhongshan-youth', 'oTagLate', { kind: 'text', content: `报名 ${event.id}` });
    await letTimePass('oTagIn', 29);
    await letTimePass('oTagLate', 31);
    expect(await chat(w, 'zhongshan-youth', 'oTagIn', { kind: 'text', content: '1' })).toContain('今后「志愿服务、环保」');
    expect(await chat(w, 'zhongshan-youth', 'oTagLate', { kind: 'text', content: '1' })).toMatch(autoReply);
    expect(await tagsOf('zhongshan-youth', 'oTagIn')).toEqual(['志愿服务', '环保']);
    expect(await tagsOf('zhongshan-youth', 'oTagLate')).toEqual([]);
  });

  it('`1` after something else was said, or with no offer at all, is an ordinary message', async () => {
    const event = await eventOf('zhongshan-youth');
    await chat(w, 'zhongshan-youth', 'oTagBetween', { kind: 'text', content: `报名 ${event.id}` });
    expect(await chat(w, 'zhongshan-youth', 'oTagBetween', { kind: 'text', content: '请问要带什么' })).toMatch(autoReply);
    expect(await chat(w, 'zhongshan-youth', 'oTagBetween', { kind: 'text', content: '1' })).toMatch(autoReply);
    expect(await tagsOf('zhongshan-youth', 'oTagBetween')).toEqual([]);

    expect(await chat(w, 'zhongshan-youth', 'oTagNone', { kind: 'text', content: '1' })).toMatch(autoReply);
    expect(await tagsOf('zhongshan-youth', 'oTagNone')).toEqual([]);
    // An ordinary message: it counts as an unread question in the citizen's conversation.
    const [stored] = await w.t.db
      .select({ reply: messages.reply })
      .from(messages)
      .innerJoin(followers, eq(followers.id, messages.followerId))
      .where(and(eq(followers.openid, 'oTagNone'), eq(messages.content, '1')));
    expect(stored?.reply).toMatchObject({ type: 'text', content: expect.stringMatching(autoReply) });
  });

  it('WeChat’s retries of the `1` — one after another and at once — get the same answer and add the tags once', async () => {
    const event = await eventOf('zhongshan-youth');
    await chat(w, 'zhongshan-youth', 'oTagRetry', { kind: 'text', content: `报名 ${event.id}` });
    const one = pushFields('zhongshan-youth', 'oTagRetry', { kind: 'text', content: '1', msgId: nextMsgId() });
    const [first, second] = await Promise.all([sendFields(w, 'zhongshan-youth', one), sendFields(w, 'zhongshan-youth', one)]);
    const third = await sendFields(w, 'zhongshan-youth', one);
    expect(first).toContain('今后「志愿服务、环保」');
    expect(second).toBe(first);
    expect(third).toBe(first);
    const [f] = await w.t.db.select({ id: followers.id }).from(followers).where(eq(followers.openid, 'oTagRetry'));
    expect(await w.t.db.select().from(followerTags).where(eq(followerTags.followerId, f!.id))).toHaveLength(2);
    expect(await w.t.db.select().from(tagOffers).where(eq(tagOffers.followerId, f!.id))).toEqual([]);
    expect(await w.t.db.select().from(messages).where(and(eq(messages.followerId, f!.id), eq(messages.content, '1')))).toHaveLength(1);
  });
});

describe('报名 alone', () => {
  it('lists this account’s events open for registration, with their keywords, and nothing else', async () => {
    // Soonest first, at most five: these start before everything else of the account.
    const soon = (hours: number) => ({ startsAt: new Date(Date.now() + hours * 3600_000), endsAt: new Date(Date.now() + (hours + 2) * 3600_000) });
    const closed = await eventOf('zhongshan-youth', { title: '报名已截止的活动', ...soon(1), registrationClosesAt: new Date(Date.now() - 60_000) });
    const open = await eventOf('zhongshan-youth', { title: '开放报名的活动', ...soon(2) });
    const later = await eventOf('zhongshan-youth', { title: '稍后开放的活动', ...soon(3), registrationOpensAt: new Date('2099-01-01T00:00:00Z') });
    const draft = await eventOf('zhongshan-youth', { title: '草稿活动', status: 'draft' });
    const police = await eventOf('zhaoqing-police', { title: '别的号的活动' });
    const reply = await chat(w, 'zhongshan-youth', 'oList', { kind: 'text', content: '报名' });
    expect(reply).toMatch(/^「中山青年」近期活动：/);
    expect(reply).toContain(`${open.id}「开放报名的活动」`);
    expect(reply).toContain(`回复「报名 ${open.id}」报名`);
    expect(reply).toContain(`${later.id}「稍后开放的活动」`);
    expect(reply).not.toContain(`回复「报名 ${later.id}」`);
    expect(reply).toContain('2099/01/01 08:00 开始报名');
    expect(reply).not.toContain(String(closed.title));
    expect(reply).not.toContain(String(draft.title));
    expect(reply).not.toContain(String(police.title));
    expect(reply).toContain(`${origin()}/accounts/zhongshan-youth#events`);
    expect(Buffer.byteLength(reply!)).toBeLessThan(2048);
  });

  it('says so when an account has no event open', async () => {
    const reply = await chat(w, 'guangzhou-weather', 'oListNone', { kind: 'text', content: '报名' });
    expect(reply).toBe(`「广州天气」近期没有可报名的活动。新活动发布后可在这里查看：${origin()}/accounts/guangzhou-weather#events`);
  });
});
