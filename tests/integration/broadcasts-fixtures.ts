import { and, eq } from 'drizzle-orm';
import { accounts, broadcasts, followers, followerTags, memberships, tags, users, type Broadcast, type MemberRole } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { outboxHandlers } from '../../lib/jobs/handlers';
import { runDueJobs } from '../../lib/jobs/worker';
import { composeInboundRequest } from '../../lib/wechat/compose';
import { publishJobFinishXml, type MassJob, type PublishJob, type SimEvent } from '../../lib/wechat/simulator';
import { createTag, batchTag } from '../../lib/wechat/simulator/tags';
import { demoCredentials, eventMessage, nowSeconds, pushRequest, signedPush } from '../helpers/webhook';
import { accountIdOf, appIdOf, createInboxWorld, type InboxWorld } from './inbox-fixtures';

/**
 * The inbox world (seeded database, WeChat simulator, webhook on a socket) plus what broadcast
 * tests need: followers on both sides, WeChat tags mirrored in `tags`, approved broadcasts,
 * staff in every role, and the platform's reports (MASSSENDJOBFINISH, PUBLISHJOBFINISH) the
 * simulator emits, held until a test hands them to the webhook — as WeChat would push them.
 */
export interface BroadcastWorld extends InboxWorld {
  reports: SimEvent[];
}

export async function createBroadcastWorld(): Promise<BroadcastWorld> {
  const w = await createInboxWorld();
  const reports: SimEvent[] = [];
  w.sim.state.onEvent((e) => {
    if (e.type === 'massJobFinished' || e.type === 'publishJobFinished') reports.push(e);
  });
  return Object.assign(w, { reports });
}

/** Subscribed followers, known to WeChat and to our database. */
export async function addFollowers(w: BroadcastWorld, slug: string, openids: string[]): Promise<number[]> {
  const accountId = await accountIdOf(w, slug);
  const ids: number[] = [];
  for (const openid of openids) {
    w.sim.state.recordInteraction({ appId: appIdOf(slug), openid, kind: 'subscribe' });
    const [row] = await w.t.db
      .insert(followers)
      .values({ accountId, openid, subscribed: true, subscribedAt: new Date(), remark: `name-${openid}` })
      .onConflictDoUpdate({ target: [followers.accountId, followers.openid], set: { subscribed: true } })
      .returning({ id: followers.id });
    ids.push(row!.id);
  }
  return ids;
}

/** A tag on our side — and on WeChat's unless `onWechat: false` (a tag staff set in the inbox) — with these followers in it. */
export async function addTag(w: BroadcastWorld, slug: string, name: string, openids: string[], opts: { onWechat?: boolean } = {}): Promise<number> {
  let wechatTagId: number | null = null;
  if (opts.onWechat !== false) {
    const app = w.sim.state.app(appIdOf(slug))!;
    wechatTagId = createTag(app, name).id;
    if (openids.length > 0) batchTag(app, openids, wechatTagId, false);
  }
  const accountId = await accountIdOf(w, slug);
  const [tag] = await w.t.db.insert(tags).values({ accountId, name, wechatTagId }).returning({ id: tags.id });
  for (const openid of openids) {
    const [f] = await w.t.db.select({ id: followers.id }).from(followers).where(and(eq(followers.accountId, accountId), eq(followers.openid, openid)));
    await w.t.db.insert(followerTags).values({ followerId: f!.id, tagId: tag!.id });
  }
  return tag!.id;
}

/** A broadcast that went through review (compose and review are another part's). */
export async function approvedBroadcast(w: BroadcastWorld, slug: string, over: Partial<typeof broadcasts.$inferInsert> = {}): Promise<Broadcast> {
  const [row] = await w.t.db
    .insert(broadcasts)
    .values({ accountId: await accountIdOf(w, slug), title: '台风预警', msgType: 'text', content: { text: '台风今晚登陆，请关好门窗。' }, status: 'approved', ...over })
    .returning();
  return row!;
}

export async function broadcastById(w: BroadcastWorld, id: number): Promise<Broadcast> {
  const [row] = await w.t.db.select().from(broadcasts).where(eq(broadcasts.id, id));
  return row!;
}

export async function setAccount(w: BroadcastWorld, slug: string, set: Partial<typeof accounts.$inferInsert>): Promise<void> {
  await w.t.db.update(accounts).set(set).where(eq(accounts.slug, slug));
}

/** A member of the account in `role` (the demo logins are account admins). */
export async function member(w: BroadcastWorld, slug: string, role: MemberRole, email = `${role}-${slug}@test.local`): Promise<Staff> {
  const [existing] = await w.t.db.select().from(users).where(eq(users.email, email));
  if (existing) return staffFromUser(existing);
  const [u] = await w.t.db.insert(users).values({ email, name: email, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: await accountIdOf(w, slug), role });
  return staffFromUser(u!);
}

export async function userStaff(w: BroadcastWorld, email: string): Promise<Staff> {
  const [u] = await w.t.db.select().from(users).where(eq(users.email, email));
  return staffFromUser(u!);
}

/** Runs the outbox with every handler until nothing is due (backoff 0: retries are immediate). */
export async function drain(w: BroadcastWorld, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const ran = await runDueJobs({ db: w.t.db, handlers: outboxHandlers(w.config), backoff: () => 0 });
    if (ran === 0) return;
  }
}

/** WeChat pushes MASSSENDJOBFINISH for a send to the account's webhook. */
export async function pushMassReport(w: BroadcastWorld, slug: string, job: MassJob, createTime = nowSeconds()): Promise<Response> {
  const credentials = demoCredentials(slug);
  const fields = {
    ...eventMessage(credentials, 'mphelper', 'MASSSENDJOBFINISH', {
      MsgID: String(job.msgId),
      Status: job.status === 'SEND_SUCCESS' ? 'send success' : 'send fail',
      TotalCount: job.totalCount,
      FilterCount: job.filterCount,
      SentCount: job.sentCount,
      ErrorCount: job.errorCount,
    }),
    CreateTime: createTime,
  };
  return w.webhook.send(pushRequest(signedPush({ slug, credentials, fields })));
}

/** WeChat pushes PUBLISHJOBFINISH (nested XML) to the account's webhook. */
export async function pushPublishReport(w: BroadcastWorld, slug: string, job: PublishJob, createTime = nowSeconds()): Promise<Response> {
  const credentials = demoCredentials(slug);
  const xml = publishJobFinishXml(job, { toUserName: credentials.originalId ?? 'gh_unknown', createTime });
  const { query, body } = composeInboundRequest({ credentials, xml, encrypt: credentials.mode === 'safe', timestamp: String(createTime), nonce: '4242', openid: 'mphelper' });
  return w.webhook.send(pushRequest({ url: `http://localhost/api/wechat/${slug}?${query}`, body }));
}

export function massJobsOf(w: BroadcastWorld, slug: string): MassJob[] {
  return w.sim.state.massJobs(appIdOf(slug));
}
