import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followers, followerTags, jobs, tags } from '../../db/schema';
import { TAG_MEMBERS_JOB } from '../../lib/tags/job-kinds';
import { subscribeKey, unsubscribeKey } from '../../lib/tags/self-service';
import { createTagCommand } from '../../lib/tags/commands';
import { outboxHandlers } from '../../lib/jobs/handlers';
import { runDueJobs } from '../../lib/jobs/worker';
import { chat } from './chat-fixtures';
import { accountIdOf, appIdOf, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';

/**
 * Citizens join and leave interest groups themselves (issue 13 item 2; docs/admin.md "Followers
 * and tags"), through the real webhook: `订阅 交通`, `退订 交通`, the Traditional spellings, a
 * full-width space, `订阅` alone, and menu clicks. Only self-service tags; every change mirrored.
 */
let w: InboxWorld;
let traffic: number;
let weather: number;
let internal: number;

beforeAll(async () => {
  w = await createInboxWorld();
  const youth = await staffOf(w, 'youth@wegov.local');
  const make = async (name: string, selfService: boolean) => {
    const r = await createTagCommand({ db: w.t.db, staff: youth, input: { account: 'zhongshan-youth', name, ...(selfService ? { selfService: 'on' } : {}) } });
    if (!r.ok) throw new Error(`tag ${name}`);
    return r.data.id;
  };
  traffic = await make('交通', true);
  weather = await make('天气预警', true);
  internal = await make('重点关注', false);
});
afterAll(async () => {
  await w.close();
});

const YOUTH_DEFAULT = '收到你的留言啦，团市委工作人员会在工作时间（周一至周五 9:00–18:00）回复你。';

async function groupsOf(openid: string): Promise<string[]> {
  const rows = await w.t.db
    .select({ name: tags.name })
    .from(followerTags)
    .innerJoin(tags, eq(tags.id, followerTags.tagId))
    .innerJoin(followers, eq(followers.id, followerTags.followerId))
    .where(and(eq(followers.openid, openid), eq(followers.accountId, await accountIdOf(w, 'zhongshan-youth'))));
  return rows.map((r) => r.name).sort();
}

const say = (openid: string, content: string) => chat(w, 'zhongshan-youth', openid, { kind: 'text', content });
const click = (openid: string, key: string) => chat(w, 'zhongshan-youth', openid, { kind: 'click', key });

describe('订阅 / 退订 by keyword', () => {
  it('joins and leaves a self-service group, in both scripts and with a full-width space, and mirrors it to WeChat', async () => {
    const appId = appIdOf('zhongshan-youth');
    w.sim.state.recordInteraction({ appId, openid: 'oSubKw', kind: 'subscribe' });
    expect(await say('oSubKw', '订阅 交通')).toBe('已订阅「交通」。今后这类消息会发给您；回复「退订 交通」可以随时退出。');
    expect(await groupsOf('oSubKw')).toEqual(['交通']);
    expect(await say('oSubKw', '訂閱\u3000交通')).toBe('您已经订阅了「交通」，不用重复订阅。回复「退订 交通」可以退出。');
    expect(await say('oSubKw', '订阅天气预警')).toContain('已订阅「天气预警」');
    expect(await groupsOf('oSubKw')).toEqual(['交通', '天气预警']);

    await runDueJobs({ db: w.t.db, handlers: outboxHandlers(w.config), backoff: () => 0 });
    await runDueJobs({ db: w.t.db, handlers: outboxHandlers(w.config), backoff: () => 0 });
    const [mirrored] = await w.t.db.select({ wechatTagId: tags.wechatTagId }).from(tags).where(eq(tags.id, traffic));
    expect(w.sim.state.follower(appId, 'oSubKw')!.tagIds).toContain(mirrored!.wechatTagId);

    expect(await say('oSubKw', '退訂 交通')).toBe('已退订「交通」，今后不再给您发这类消息。回复「订阅 交通」可以重新订阅。');
    expect(await say('oSubKw', '退订 交通')).toBe('您没有订阅「交通」，不用退订。');
    expect(await groupsOf('oSubKw')).toEqual(['天气预警']);
    const memberJobs = await w.t.db.select().from(jobs).where(eq(jobs.kind, TAG_MEMBERS_JOB)).orderBy(jobs.id);
    expect(memberJobs.map((j) => (j.payload as { untag: boolean }).untag)).toEqual([false, false, true]);
  });

  it('lists the groups for 订阅 alone; names only self-service ones; leaves other tags alone', async () => {
    const list = await say('oSubList', '订阅');
    expect(list).toBe('可以订阅的消息分组：交通、天气预警。\n回复「订阅 名称」加入，例如「订阅 交通」；回复「退订 名称」退出。');
    expect(await say('oSubList', '订阅 重点关注')).toBe('没有找到这个分组。可以订阅的有：交通、天气预警。\n回复「订阅 名称」加入，例如「订阅 交通」。');
    expect(await groupsOf('oSubList')).toEqual([]);
  });

  it('does not take over ordinary messages that start with 订阅', async () => {
    // An ordinary first message: the default rule's answer, then the new inquiry's case number.
    expect((await say('oSubAsk', '订阅号怎么取消关注'))?.startsWith(`${YOUTH_DEFAULT}\n\n您的咨询已受理，编号 `)).toBe(true);
    expect(await groupsOf('oSubAsk')).toEqual([]);
  });
});

describe('menu clicks', () => {
  it('joins and leaves with wegov:subscribe:<id> and wegov:unsubscribe:<id>, and lists with wegov:subscribe', async () => {
    expect(await click('oSubMenu', subscribeKey(weather))).toContain('已订阅「天气预警」');
    expect(await groupsOf('oSubMenu')).toEqual(['天气预警']);
    expect(await click('oSubMenu', unsubscribeKey(weather))).toContain('已退订「天气预警」');
    expect(await groupsOf('oSubMenu')).toEqual([]);
    expect(await click('oSubMenu', 'wegov:subscribe')).toContain('可以订阅的消息分组：交通、天气预警');
    // Not self-service: a forged key joins nothing.
    expect(await click('oSubMenu', subscribeKey(internal))).toContain('没有找到这个分组');
    expect(await groupsOf('oSubMenu')).toEqual([]);
  });
});
