import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, followers, followerTags, jobs, memberships, tags, users, type MemberRole } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { can, type Role } from '../../lib/auth/permissions';
import type { CommandResult, StaffCommand } from '../../lib/auth/staff-command';
import { tagCommand } from '../../lib/inbox/commands';
import { outboxHandlers } from '../../lib/jobs/handlers';
import { runDueJobs } from '../../lib/jobs/worker';
import { checkMenuLinksCommand, publishMenuCommand, saveMenuCommand } from '../../lib/menu/commands';
import { recheckMenuLinks } from '../../lib/menu/link-report';
import { isPublicAddress, type ProbePolicy } from '../../lib/menu/probe-links';
import { menuPublishStatus } from '../../lib/menu/status';
import { listFollowers } from '../../lib/followers/list';
import { createTagCommand, deleteTagCommand, tagMembersCommand, updateTagCommand } from '../../lib/tags/commands';
import { TAG_CREATE_JOB, TAG_MEMBERS_JOB } from '../../lib/tags/job-kinds';
import { MAX_TAGS_PER_ACCOUNT } from '../../lib/tags/limits';
import { startLocalHttps } from '../helpers/local-https';
import { accountIdOf, appIdOf, citizenWrites, conversationOf, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';

/**
 * The menu, followers and tags commands (docs/admin.md "Menu", "Followers and tags") on a real
 * database, with the WeChat simulator behind the outbox and a local web server for the link
 * probe: nothing here reaches the internet.
 */
let w: InboxWorld;
let site: Awaited<ReturnType<typeof startLocalHttps>>;
const members = {} as Record<Role, Staff>;

beforeAll(async () => {
  w = await createInboxWorld();
  site = await startLocalHttps('menu.test', (req, res) => res.writeHead(req.url === '/ok' ? 200 : 404).end());
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) members[role] = await addMember(role);
  members.platform_admin = await staffOf(w, 'admin@wegov.local');
});
afterAll(async () => {
  await site.close();
  await w.close();
});

async function addMember(role: MemberRole): Promise<Staff> {
  const email = `${role}@menu-tags.local`;
  const [u] = await w.t.db.insert(users).values({ email, name: role, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: await accountIdOf(w, 'zhongshan-youth'), role });
  return { id: u!.id, email, name: role, isPlatformAdmin: false, locale: 'zh-CN' };
}

/** `https://menu.test` is the local site: the test resolver points it at loopback, which only this policy allows. */
const probe = (): ProbePolicy => ({
  protocols: ['https:'],
  resolve: async (host) => (host === 'menu.test' ? ['127.0.0.1'] : []),
  allowAddress: (ip) => ip === '127.0.0.1' || isPublicAddress(ip),
  timeoutMs: 2_000,
  maxRedirects: 3,
  ca: site.ca,
});
const link = (path: string) => `https://menu.test:${site.port}${path}`;

const ctx = (staff: Staff, input: Record<string, unknown>) => ({ db: w.t.db, staff, input, probe: probe() });

async function drain(rounds = 20) {
  for (let i = 0; i < rounds; i++) if ((await runDueJobs({ db: w.t.db, handlers: outboxHandlers(w.config), backoff: () => 0 })) === 0) return;
}

/** A follower the webhook knows (the citizen wrote) and WeChat knows as following. */
async function follower(slug: string, openid: string): Promise<number> {
  w.sim.state.recordInteraction({ appId: appIdOf(slug), openid, kind: 'subscribe' });
  await citizenWrites(w, slug, openid, '你好');
  const [row] = await w.t.db.select({ id: followers.id }).from(followers).where(and(eq(followers.openid, openid), eq(followers.accountId, await accountIdOf(w, slug))));
  return row!.id;
}

async function tagNamed(slug: string, name: string) {
  const [row] = await w.t.db.select().from(tags).where(and(eq(tags.accountId, await accountIdOf(w, slug)), eq(tags.name, name)));
  return row;
}

async function deniedFor(staff: Staff, action: string): Promise<number> {
  const rows = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, staff.id), eq(auditLog.action, 'access.denied')));
  return rows.filter((r) => (r.detail as { permission?: string } | null)?.permission === action).length;
}

const menuJson = (buttons: unknown[]) => JSON.stringify({ buttons });

describe('each command is allowed exactly to the roles the table gives its action', () => {
  let followerId: number;
  let n = 0;
  beforeAll(async () => {
    followerId = await follower('zhongshan-youth', 'oMenuTagsPerm');
  });
  const freshTag = async () => {
    const tag = await w.t.db.insert(tags).values({ accountId: await accountIdOf(w, 'zhongshan-youth'), name: `权限${++n}` }).returning();
    return tag[0]!.id;
  };
  type Attempt = { name: string; command: StaffCommand<unknown, never>; run: (staff: Staff) => Promise<CommandResult<unknown>> };
  const attempts: Attempt[] = [
    { name: 'create tag', command: createTagCommand, run: (s) => createTagCommand(ctx(s, { account: 'zhongshan-youth', name: `新建${++n}` })) },
    { name: 'rename tag', command: updateTagCommand, run: async (s) => updateTagCommand(ctx(s, { tagId: await freshTag(), name: `改名${++n}` })) },
    { name: 'delete tag', command: deleteTagCommand, run: async (s) => deleteTagCommand(ctx(s, { tagId: await freshTag() })) },
    { name: 'assign tag', command: tagMembersCommand, run: async (s) => tagMembersCommand(ctx(s, { tagId: await freshTag(), mode: 'add', followerIds: String(followerId) })) },
    {
      name: 'save menu',
      command: saveMenuCommand as StaffCommand<unknown, never>,
      run: (s) => saveMenuCommand(ctx(s, { account: 'zhongshan-youth', menu: menuJson([{ name: '活动', type: 'click', key: 'wegov:events', sub: [] }]) })),
    },
    { name: 'check links', command: checkMenuLinksCommand as StaffCommand<unknown, never>, run: (s) => checkMenuLinksCommand(ctx(s, { account: 'zhongshan-youth' })) },
    { name: 'publish menu', command: publishMenuCommand as StaffCommand<unknown, never>, run: (s) => publishMenuCommand(ctx(s, { account: 'zhongshan-youth' })) },
  ];
  for (const attempt of attempts) {
    for (const role of ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const) {
      const allowed = can(role, attempt.command.action);
      it(`${attempt.name} (${attempt.command.action}) as ${role}: ${allowed ? 'allowed' : '404, audited'}`, async () => {
        const staff = members[role];
        const before = await deniedFor(staff, attempt.command.action);
        const result = await attempt.run(staff);
        if (allowed) {
          expect(result.ok).toBe(true);
          expect(await deniedFor(staff, attempt.command.action)).toBe(before);
        } else {
          expect(result).toEqual({ ok: false, notFound: true });
          expect(await deniedFor(staff, attempt.command.action)).toBe(before + 1);
        }
      });
    }
  }

  it('gives the followers list to every role and the menu and tag management to editors and above', () => {
    for (const role of ['agent', 'reviewer', 'editor', 'account_admin'] as const) expect(can(role, 'followers.view')).toBe(true);
    for (const action of ['menu.edit', 'menu.publish', 'tags.manage'] as const) {
      expect(can('agent', action)).toBe(false);
      expect(can('reviewer', action)).toBe(false);
      expect(can('editor', action)).toBe(true);
    }
  });
});

describe('tenant isolation', () => {
  it('answers 404 to another account’s tag and follower ids and changes nothing', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const police = await staffOf(w, 'police@wegov.local');
    const policeFollower = await follower('zhaoqing-police', 'oPoliceTenant');
    const youthFollower = await follower('zhongshan-youth', 'oYouthTenant');
    const created = await createTagCommand(ctx(police, { account: 'zhaoqing-police', name: '警情通报' }));
    const policeTag = created.ok ? created.data.id : 0;
    const ownTag = await createTagCommand(ctx(youth, { account: 'zhongshan-youth', name: '本号标签' }));
    const youthTag = ownTag.ok ? ownTag.data.id : 0;
    const jobsBefore = (await w.t.db.select().from(jobs)).length;

    expect(await updateTagCommand(ctx(youth, { tagId: policeTag, name: '越权' }))).toEqual({ ok: false, notFound: true });
    expect(await deleteTagCommand(ctx(youth, { tagId: policeTag }))).toEqual({ ok: false, notFound: true });
    expect(await tagMembersCommand(ctx(youth, { tagId: policeTag, mode: 'add', followerIds: String(youthFollower) }))).toEqual({ ok: false, notFound: true });
    // Own tag, but one follower of another account in the list: the whole command is refused.
    expect(await tagMembersCommand(ctx(youth, { tagId: youthTag, mode: 'add', followerIds: `${youthFollower},${policeFollower}` }))).toEqual({ ok: false, notFound: true });
    expect(await tagMembersCommand(ctx(youth, { tagId: youthTag, mode: 'add', [`follower-${policeFollower}`]: 'on' }))).toEqual({ ok: false, notFound: true });
    expect(await createTagCommand(ctx(youth, { account: 'zhaoqing-police', name: '越权' }))).toEqual({ ok: false, notFound: true });
    expect(await saveMenuCommand(ctx(youth, { account: 'zhaoqing-police', menu: menuJson([{ name: '越权', type: 'click', key: 'x', sub: [] }]) }))).toEqual({ ok: false, notFound: true });
    expect(await publishMenuCommand(ctx(youth, { account: 'zhaoqing-police' }))).toEqual({ ok: false, notFound: true });
    // The tenant is the tag's own, never a form field.
    expect(await updateTagCommand(ctx(youth, { tagId: youthTag, name: '改', accountId: await accountIdOf(w, 'zhaoqing-police') }))).toMatchObject({ ok: false, fieldErrors: {} });

    expect((await tagNamed('zhaoqing-police', '警情通报'))?.id).toBe(policeTag);
    expect(await w.t.db.select().from(followerTags).where(inArray(followerTags.followerId, [youthFollower, policeFollower]))).toEqual([]);
    const [policeAccount] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhaoqing-police'));
    expect(policeAccount!.menuDraft).toBeNull();
    expect((await w.t.db.select().from(jobs)).length).toBe(jobsBefore);
    // Another account's followers do not show in this account's list, whatever the filter.
    const list = await listFollowers({ db: w.t.db, accountId: await accountIdOf(w, 'zhongshan-youth'), tagId: policeTag });
    expect(list.rows).toEqual([]);
  });
});

describe('WeChat’s limit of 100 tags an account', () => {
  it('refuses the 101st tag, from staff and from the inbox’s tag command, and frees a place on delete', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    const accountId = await accountIdOf(w, 'zhaoqing-police');
    const [{ n }] = (await w.t.db.select({ n: sql<number>`count(*)::int` }).from(tags).where(eq(tags.accountId, accountId))) as [{ n: number }];
    await w.t.db.insert(tags).values(Array.from({ length: MAX_TAGS_PER_ACCOUNT - 1 - Number(n) }, (_, i) => ({ accountId, name: `填充${i}` })));
    // Two creates racing for the last place: exactly one gets it.
    const raced = await Promise.all([createTagCommand(ctx(police, { account: 'zhaoqing-police', name: '第一百' })), createTagCommand(ctx(police, { account: 'zhaoqing-police', name: '第一百零一' }))]);
    expect(raced.filter((r) => r.ok)).toHaveLength(1);
    expect(raced.filter((r) => !r.ok)).toEqual([{ ok: false, fieldErrors: { name: ['limit'] } }]);
    const [{ count }] = (await w.t.db.select({ count: sql<number>`count(*)::int` }).from(tags).where(eq(tags.accountId, accountId))) as [{ count: number }];
    expect(Number(count)).toBe(MAX_TAGS_PER_ACCOUNT);

    await citizenWrites(w, 'zhaoqing-police', 'oPoliceLimit', '咨询');
    const convo = await conversationOf(w, 'zhaoqing-police', 'oPoliceLimit');
    expect(await tagCommand({ db: w.t.db, staff: police, input: { conversationId: convo.id, tagName: '再多一个' } })).toEqual({ ok: false, fieldErrors: { tagName: ['tag_limit'] } });
    // An existing tag can still be given.
    expect(await tagCommand({ db: w.t.db, staff: police, input: { conversationId: convo.id, tagName: '填充1' } })).toEqual({ ok: true, data: undefined });

    const filler = await tagNamed('zhaoqing-police', '填充0');
    expect((await deleteTagCommand(ctx(police, { tagId: filler!.id }))).ok).toBe(true);
    expect((await createTagCommand(ctx(police, { account: 'zhaoqing-police', name: '腾出的位置' }))).ok).toBe(true);
    // Too long for WeChat (30 bytes): 11 Chinese characters.
    expect(await createTagCommand(ctx(police, { account: 'zhaoqing-police', name: '一二三四五六七八九十一' }))).toMatchObject({ ok: false, fieldErrors: { name: ['too_long'] } });
  });
});

describe('tags mirrored to WeChat through the outbox', () => {
  it('creates, tags, untags, renames and deletes at WeChat, as the simulator records', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const appId = appIdOf('zhongshan-youth');
    const a = await follower('zhongshan-youth', 'oMirrorA');
    const b = await follower('zhongshan-youth', 'oMirrorB');
    const created = await createTagCommand(ctx(youth, { account: 'zhongshan-youth', name: '交通出行', selfService: 'on' }));
    expect(created.ok).toBe(true);
    const tagId = created.ok ? created.data.id : 0;
    // Tagged before WeChat has the tag: the batch waits for the create job.
    expect(await tagMembersCommand(ctx(youth, { tagId, mode: 'add', [`follower-${a}`]: 'on', [`follower-${b}`]: 'on' }))).toEqual({ ok: true, data: { changed: 2 } });
    await drain();
    const tag = await tagNamed('zhongshan-youth', '交通出行');
    expect(tag!.wechatTagId).toEqual(expect.any(Number));
    expect(w.sim.state.calls({ path: '/cgi-bin/tags/create', appId }).map((c) => c.body)).toContainEqual({ tag: { name: '交通出行' } });
    const tagging = w.sim.state.calls({ path: '/cgi-bin/tags/members/batchtagging', appId }).at(-1)!;
    expect(tagging.body).toEqual({ openid_list: expect.arrayContaining(['oMirrorA', 'oMirrorB']), tagid: tag!.wechatTagId });
    expect(w.sim.state.follower(appId, 'oMirrorA')!.tagIds).toContain(tag!.wechatTagId);

    expect(await tagMembersCommand(ctx(youth, { tagId, mode: 'remove', followerIds: String(b) }))).toEqual({ ok: true, data: { changed: 1 } });
    expect((await updateTagCommand(ctx(youth, { tagId, name: '交通' }))).ok).toBe(true);
    await drain();
    expect(w.sim.state.follower(appId, 'oMirrorB')!.tagIds).not.toContain(tag!.wechatTagId);
    expect(w.sim.state.follower(appId, 'oMirrorA')!.tagIds).toContain(tag!.wechatTagId);
    expect(w.sim.state.calls({ path: '/cgi-bin/tags/update', appId }).at(-1)!.body).toEqual({ tag: { id: tag!.wechatTagId, name: '交通' } });

    expect((await deleteTagCommand(ctx(youth, { tagId }))).ok).toBe(true);
    await drain();
    expect(w.sim.state.calls({ path: '/cgi-bin/tags/delete', appId }).at(-1)!.body).toEqual({ tag: { id: tag!.wechatTagId } });
    expect(w.sim.state.follower(appId, 'oMirrorA')!.tagIds).not.toContain(tag!.wechatTagId);
    const audit = await w.t.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.actorId, youth.id), eq(auditLog.entityId, String(tagId))));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['tags.create', 'tags.assign', 'tags.unassign', 'tags.update', 'tags.delete']));
  });

  it('a batch waits, without spending its attempts, until the tag has its WeChat id', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const a = await follower('zhongshan-youth', 'oWaitA');
    const created = await createTagCommand(ctx(youth, { account: 'zhongshan-youth', name: '等待创建' }));
    const tagId = created.ok ? created.data.id : 0;
    await tagMembersCommand(ctx(youth, { tagId, mode: 'add', followerIds: String(a) }));
    const handlers = outboxHandlers(w.config);
    // Only the members job may run: WeChat does not have the tag yet.
    await runDueJobs({ db: w.t.db, handlers: { [TAG_MEMBERS_JOB]: handlers[TAG_MEMBERS_JOB]! } });
    const [waiting] = await w.t.db.select().from(jobs).where(and(eq(jobs.kind, TAG_MEMBERS_JOB), sql`${jobs.payload}->>'tagId' = ${String(tagId)}`));
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, lastError: 'waiting for tags/create' });
    await runDueJobs({ db: w.t.db, handlers: { [TAG_CREATE_JOB]: handlers[TAG_CREATE_JOB]! } });
    await w.t.db.update(jobs).set({ runAt: new Date() }).where(eq(jobs.id, waiting!.id));
    await drain();
    const tag = await tagNamed('zhongshan-youth', '等待创建');
    expect(w.sim.state.follower(appIdOf('zhongshan-youth'), 'oWaitA')!.tagIds).toContain(tag!.wechatTagId);
  });

  it('mirrors a tag the inbox’s tag command gives', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    await follower('zhongshan-youth', 'oInboxTag');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oInboxTag');
    expect(await tagCommand({ db: w.t.db, staff: youth, input: { conversationId: convo.id, tagName: '收件箱标签' } })).toEqual({ ok: true, data: undefined });
    await drain();
    const tag = await tagNamed('zhongshan-youth', '收件箱标签');
    expect(tag!.wechatTagId).toEqual(expect.any(Number));
    expect(w.sim.state.follower(appIdOf('zhongshan-youth'), 'oInboxTag')!.tagIds).toContain(tag!.wechatTagId);
  });
});

describe('followers list', () => {
  it('searches, filters by tag and pages by keyset', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const accountId = await accountIdOf(w, 'zhongshan-youth');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await follower('zhongshan-youth', `oListed${i}`));
    await w.t.db.update(followers).set({ remark: '王阿姨' }).where(eq(followers.id, ids[2]!));
    await w.t.db.update(followers).set({ source: 'event:1024' }).where(eq(followers.id, ids[3]!));
    const created = await createTagCommand(ctx(youth, { account: 'zhongshan-youth', name: '列表标签' }));
    const tagId = created.ok ? created.data.id : 0;
    await tagMembersCommand(ctx(youth, { tagId, mode: 'add', followerIds: `${ids[0]},${ids[4]}` }));

    expect((await listFollowers({ db: w.t.db, accountId, q: '王阿' })).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect((await listFollowers({ db: w.t.db, accountId, q: 'event:10' })).rows.map((r) => r.id)).toEqual([ids[3]]);
    expect((await listFollowers({ db: w.t.db, accountId, q: '%' })).rows).toEqual([]);
    const tagged = await listFollowers({ db: w.t.db, accountId, tagId });
    expect(tagged.rows.map((r) => r.id)).toEqual([ids[4], ids[0]]);
    expect(tagged.rows[0]!.tags).toEqual([{ id: tagId, name: '列表标签' }]);

    const first = await listFollowers({ db: w.t.db, accountId, q: 'oListed', limit: 2 });
    const second = await listFollowers({ db: w.t.db, accountId, q: 'oListed', limit: 2, before: first.next! });
    const third = await listFollowers({ db: w.t.db, accountId, q: 'oListed', limit: 2, before: second.next! });
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.id)).toEqual([...ids].reverse());
    expect(third.next).toBeNull();
  });
});

describe('custom menu', () => {
  it('refuses a menu beyond WeChat’s limits field by field, and stores nothing', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const result = await saveMenuCommand(
      ctx(youth, {
        account: 'zhongshan-youth',
        menu: menuJson([
          { name: '一二三四五六', type: 'click', key: 'k', sub: [] },
          { name: '服务', type: 'click', sub: [{ name: '官网', type: 'view', url: 'javascript:alert(1)' }, { name: '', type: 'click', key: 'x' }] },
        ]),
      }),
    );
    expect(result).toEqual({ ok: false, fieldErrors: { 'b0.name': ['too_long'], 'b1.s0.url': ['bad_url'], 'b1.s1.name': ['required'] } });
    expect(await saveMenuCommand(ctx(youth, { account: 'zhongshan-youth', menu: '{not json' }))).toEqual({ ok: false, fieldErrors: { buttons: ['invalid'] } });
  });

  it('saves a draft with its links probed, refuses to publish a broken link unless told, publishes through the outbox', async () => {
    const youth = await staffOf(w, 'youth@wegov.local');
    const appId = appIdOf('zhongshan-youth');
    const buttons = [
      { name: '近期活动', type: 'click', key: 'wegov:events', sub: [] },
      { name: '服务', type: 'click', key: '', sub: [{ name: '办事指南', type: 'view', url: link('/ok') }, { name: '旧页面', type: 'view', url: link('/old') }] },
    ];
    const saved = await saveMenuCommand(ctx(youth, { account: 'zhongshan-youth', menu: menuJson(buttons) }));
    expect(saved).toMatchObject({ ok: true, data: { links: [{ url: link('/ok'), ok: true }, { url: link('/old'), ok: false, error: 'http_404' }] } });
    const [draft] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
    expect(draft!.menuDraft).toMatchObject({ buttons: [{ name: '近期活动' }, { name: '服务', sub: [{ name: '办事指南' }, { name: '旧页面' }] }] });
    const publishedBefore = draft!.menu;

    expect(await publishMenuCommand(ctx(youth, { account: 'zhongshan-youth' }))).toEqual({ ok: false, fieldErrors: { ignoreBrokenLinks: ['broken_links'] } });
    const published = await publishMenuCommand(ctx(youth, { account: 'zhongshan-youth', ignoreBrokenLinks: 'on' }));
    expect(published).toMatchObject({ ok: true, data: { jobId: expect.any(Number) } });
    // Nothing is live until WeChat accepted it.
    const [queued] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
    expect(queued!.menu).toEqual(publishedBefore);
    expect(await menuPublishStatus(w.t.db, queued!.id)).toEqual({ state: 'pending' });

    await drain();
    const body = {
      button: [
        { type: 'click', name: '近期活动', key: 'wegov:events' },
        { name: '服务', sub_button: [{ type: 'view', name: '办事指南', url: link('/ok') }, { type: 'view', name: '旧页面', url: link('/old') }] },
      ],
    };
    expect(w.sim.state.calls({ path: '/cgi-bin/menu/create', appId }).at(-1)!.body).toEqual(body);
    expect(w.sim.state.menu(appId)).toMatchObject([{ name: '近期活动', key: 'wegov:events' }, { name: '服务', sub_button: [{ name: '办事指南' }, { name: '旧页面' }] }]);
    const [live] = await w.t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
    expect(live!.menu).toEqual(body);
    expect(live!.menuPublishedAt).toBeInstanceOf(Date);
    expect(await menuPublishStatus(w.t.db, live!.id)).toEqual({ state: 'done' });
    const audit = await w.t.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.actorId, youth.id), eq(auditLog.accountId, live!.id)));
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['menu.save', 'menu.publish']));
  });

  it('re-checks the links after publishing and flags one that broke', async () => {
    const accountId = await accountIdOf(w, 'zhongshan-youth');
    const menu = { button: [{ type: 'view', name: '办事', url: link('/moved-away') }, { type: 'view', name: '旧站', url: 'http://www.example.gov.cn/' }, { type: 'view', name: '首页', url: link('/ok') }] };
    await w.t.db.update(accounts).set({ menu, menuDraft: null }).where(eq(accounts.id, accountId));
    const report = await recheckMenuLinks({ db: w.t.db, accountId, policy: probe() });
    expect(report).toEqual([
      expect.objectContaining({ url: link('/moved-away'), ok: false, error: 'http_404' }),
      // WeChat opens http links, but the probe fetches only https: flagged, never fetched.
      expect.objectContaining({ url: 'http://www.example.gov.cn/', ok: false, error: 'not_https' }),
      expect.objectContaining({ url: link('/ok'), ok: true, status: 200 }),
    ]);
    const [row] = await w.t.db.select({ report: accounts.menuLinkReport }).from(accounts).where(eq(accounts.id, accountId));
    expect(row!.report).toEqual(report);
  });

  it('shows WeChat’s refusal when the account may not have a menu', async () => {
    const police = await staffOf(w, 'police@wegov.local');
    const accountId = await accountIdOf(w, 'zhaoqing-police');
    // WeChat answers 48001 to an account without the menu API (docs/wechat-protocol.md §0).
    w.sim.state.script({ path: '/cgi-bin/menu/create', appId: appIdOf('zhaoqing-police'), errcode: 48001 });
    expect((await saveMenuCommand(ctx(police, { account: 'zhaoqing-police', menu: menuJson([{ name: '咨询', type: 'click', key: 'POLICE_ASK', sub: [] }]) }))).ok).toBe(true);
    expect((await publishMenuCommand(ctx(police, { account: 'zhaoqing-police' }))).ok).toBe(true);
    await drain();
    expect(await menuPublishStatus(w.t.db, accountId)).toMatchObject({ state: 'failed', error: expect.stringContaining('48001') });
    const [row] = await w.t.db.select({ menuPublishedAt: accounts.menuPublishedAt }).from(accounts).where(eq(accounts.id, accountId));
    expect(row!.menuPublishedAt).toBeNull();
  });
});
