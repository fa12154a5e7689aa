import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, broadcastReviews, broadcasts, memberships, users, wordingRules, type MemberRole } from '../../db/schema';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { can, type Action, type Role } from '../../lib/auth/permissions';
import type { CommandResult } from '../../lib/auth/staff-command';
import { broadcastForStaff, createBroadcastCommand, updateBroadcastCommand } from '../../lib/broadcasts/compose';
import { approveBroadcastCommand, broadcastTimeline, returnBroadcastCommand, submitBroadcastCommand, updateReviewSettingsCommand } from '../../lib/broadcasts/review';
import { seedStarterWording, STARTER_WORDING } from '../../lib/broadcasts/starter-wording';
import { addWordingCommand, listWording, removeWordingCommand } from '../../lib/broadcasts/wording';
import { accountIdBySlug, createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';

/**
 * Composing and reviewing broadcasts (docs/broadcasts.md "Compose", "Review"), on PGlite and
 * PostgreSQL: every command against the five roles, tenant isolation, the review rules (levels,
 * no self-approval, one level per person, return with a comment, edits voiding approvals) and two
 * reviewers approving the same level at the same moment.
 */
let t: TestDb;
let youthId: string;
const youth = {} as Record<Role, Staff>;
let police: Staff;
let seq = 0;

async function addUser(name: string, accountId: string | null, role: MemberRole | null, platformAdmin = false): Promise<Staff> {
  const [u] = await t.db.insert(users).values({ email: `${name}-${++seq}@bc.local`, name, passwordHash: 'x', isPlatformAdmin: platformAdmin }).returning();
  if (accountId && role) await t.db.insert(memberships).values({ userId: u!.id, accountId, role });
  return staffFromUser(u!);
}

beforeAll(async () => {
  t = await createSeededAppDb();
  youthId = await accountIdBySlug(t.db, 'zhongshan-youth');
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) youth[role] = await addUser(role, youthId, role);
  youth.platform_admin = await addUser('platform', null, null, true);
  const [p] = await t.db.select().from(users).where(eq(users.email, 'police@wegov.local'));
  police = staffFromUser(p!);
});
afterAll(async () => {
  await t.close();
});

const newsForm = (over: Record<string, string> = {}) => ({
  account: 'zhongshan-youth',
  title: '',
  msgType: 'news',
  'articles.0.title': '岐江河畔清洁行动',
  'articles.0.author': '团市委',
  'articles.0.digest': '本周六上午，一起清理河岸',
  'articles.0.coverUrl': 'https://mmbiz.qpic.cn/cover.jpg',
  'articles.0.coverAlt': '志愿者在河边捡垃圾',
  'articles.0.body': '本周六上午九点在岐江公园南门集合。\n提供手套和饮用水。',
  'articles.0.link': '',
  ...over,
});

/** The edit form: the broadcast's id instead of the account (the account is always the record's own). */
function editForm(broadcastId: number, over: Record<string, string> = {}) {
  const { account: _account, ...rest } = newsForm(over);
  return { ...rest, broadcastId };
}
async function draft(author: Staff = youth.editor, over: Record<string, string> = {}): Promise<number> {
  const r = await createBroadcastCommand({ db: t.db, staff: author, input: newsForm(over) });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
}
async function inReview(author: Staff = youth.editor): Promise<number> {
  const id = await draft(author);
  expect(await submitBroadcastCommand({ db: t.db, staff: author, input: { broadcastId: id } })).toMatchObject({ ok: true });
  return id;
}
async function row(id: number) {
  const [b] = await t.db.select().from(broadcasts).where(eq(broadcasts.id, id));
  return b!;
}
const decision = (b: { id: number; reviewRound: number; reviewLevel: number }, comment?: string) => ({
  broadcastId: b.id,
  round: b.reviewRound,
  level: b.reviewLevel,
  ...(comment ? { comment } : {}),
});
async function setLevels(levels: string[]) {
  await t.db.update(accounts).set({ reviewLevels: levels }).where(eq(accounts.id, youthId));
}

describe('compose', () => {
  it('stores news, text and picture content in the shape of lib/broadcasts/content.ts, with a default title', async () => {
    const id = await draft(youth.editor, { 'articles.1.title': '第二篇', 'articles.1.coverUrl': 'https://mmbiz.qpic.cn/2.jpg', 'articles.1.body': '正文' });
    const b = await row(id);
    expect(b).toMatchObject({ status: 'draft', msgType: 'news', title: '岐江河畔清洁行动', authorId: youth.editor.id, reviewLevel: 0, reviewRound: 1 });
    expect((b.content as { articles: unknown[] }).articles).toHaveLength(2);
    expect((b.content as { articles: Array<{ link: unknown; author: string }> }).articles[1]).toMatchObject({ title: '第二篇', author: '', link: null });
    const textId = await draft(youth.editor, { msgType: 'text', text: '台风防御指引：关好门窗。' });
    expect((await row(textId)).content).toEqual({ text: '台风防御指引：关好门窗。' });
    const image = await createBroadcastCommand({ db: t.db, staff: youth.editor, input: { account: 'zhongshan-youth', msgType: 'image', imageUrl: 'https://mmbiz.qpic.cn/p.jpg', alt: '海报' } });
    expect(image.ok && (await row(image.data.id)).content).toEqual({ imageUrl: 'https://mmbiz.qpic.cn/p.jpg', alt: '海报' });
  });

  it('refuses bad input field by field and unknown fields, changing nothing', async () => {
    const before = (await t.db.select().from(broadcasts)).length;
    const bad = await createBroadcastCommand({ db: t.db, staff: youth.editor, input: newsForm({ 'articles.0.title': '', 'articles.0.coverUrl': 'http://insecure.test/a.jpg', 'articles.0.link': 'javascript:alert(1)' }) });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { 'articles.0.title': expect.any(Array), 'articles.0.coverUrl': expect.any(Array), 'articles.0.link': expect.any(Array) } });
    expect(await createBroadcastCommand({ db: t.db, staff: youth.editor, input: newsForm({ accountId: youthId }) })).toMatchObject({ ok: false, fieldErrors: { accountId: expect.any(Array) } });
    expect(await createBroadcastCommand({ db: t.db, staff: youth.editor, input: newsForm({ msgType: 'video' }) })).toMatchObject({ ok: false, fieldErrors: { msgType: expect.any(Array) } });
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`articles.${i}.title`, 'x']));
    expect((await createBroadcastCommand({ db: t.db, staff: youth.editor, input: newsForm(nine) })).ok).toBe(false);
    expect((await t.db.select().from(broadcasts)).length).toBe(before);
  });
});

describe('permissions: each command against the five roles', () => {
  type Attempt = { action: Action; run: (staff: Staff) => Promise<CommandResult<unknown>> };
  const attempts: Attempt[] = [
    { action: 'broadcasts.compose', run: (s) => createBroadcastCommand({ db: t.db, staff: s, input: newsForm() }) },
    { action: 'broadcasts.compose', run: async (s) => updateBroadcastCommand({ db: t.db, staff: s, input: editForm(await draft()) }) },
    { action: 'broadcasts.compose', run: async (s) => submitBroadcastCommand({ db: t.db, staff: s, input: { broadcastId: await draft() } }) },
    { action: 'broadcasts.review', run: async (s) => approveBroadcastCommand({ db: t.db, staff: s, input: decision(await row(await inReview())) }) },
    { action: 'broadcasts.review', run: async (s) => returnBroadcastCommand({ db: t.db, staff: s, input: decision(await row(await inReview()), '请补充时间') }) },
    { action: 'broadcasts.review_settings', run: (s) => updateReviewSettingsCommand({ db: t.db, staff: s, input: { account: 'zhongshan-youth', 'levels.0': '审核', domains: '' } }) },
    { action: 'broadcasts.review_settings', run: (s) => addWordingCommand({ db: t.db, staff: s, input: { account: 'zhongshan-youth', word: `测试词${++seq}` } }) },
    {
      action: 'broadcasts.review_settings',
      run: async (s) => {
        const [r] = await t.db.insert(wordingRules).values({ accountId: youthId, word: `待删${++seq}` }).returning();
        return removeWordingCommand({ db: t.db, staff: s, input: { account: 'zhongshan-youth', ruleId: r!.id } });
      },
    },
  ];

  for (const role of ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const) {
    it(`${role}: allowed commands pass the gate, refused ones are a 404 with an audit row`, async () => {
      await setLevels(['审核']);
      for (const attempt of attempts) {
        const result = await attempt.run(youth[role]);
        if (can(role, attempt.action)) {
          expect(result, `${role} ${attempt.action}`).toMatchObject({ ok: true });
        } else {
          expect(result, `${role} ${attempt.action}`).toEqual({ ok: false, notFound: true });
        }
      }
      const denied = await t.db.select().from(auditLog).where(and(eq(auditLog.actorId, youth[role].id), eq(auditLog.action, 'access.denied')));
      expect(denied.length).toBe(attempts.filter((a) => !can(role, a.action)).length);
      expect((await broadcastForStaff({ db: t.db, staff: youth[role], broadcastId: await draft(), action: 'broadcasts.view' })) !== null).toBe(can(role, 'broadcasts.view'));
    });
  }
});

describe('tenant isolation', () => {
  it("another account's broadcast ids, settings and wording answer 404 and change nothing", async () => {
    const id = await inReview();
    const before = await row(id);
    const rule = (await listWording(t.db, youthId))[0]!;
    const results = [
      await updateBroadcastCommand({ db: t.db, staff: police, input: editForm(id, { 'articles.0.title': 'hacked' }) }),
      await submitBroadcastCommand({ db: t.db, staff: police, input: { broadcastId: id } }),
      await approveBroadcastCommand({ db: t.db, staff: police, input: decision(before) }),
      await returnBroadcastCommand({ db: t.db, staff: police, input: decision(before, 'x') }),
      await updateReviewSettingsCommand({ db: t.db, staff: police, input: { account: 'zhongshan-youth', 'levels.0': 'x', domains: 'evil.com' } }),
      await addWordingCommand({ db: t.db, staff: police, input: { account: 'zhongshan-youth', word: 'x' } }),
      // Their own account, someone else's rule id: still a 404, the rule stays.
      await removeWordingCommand({ db: t.db, staff: police, input: { account: 'zhaoqing-police', ruleId: rule.id } }),
      await approveBroadcastCommand({ db: t.db, staff: police, input: { broadcastId: 99_999_999, round: 1, level: 1 } }),
      await approveBroadcastCommand({ db: t.db, staff: police, input: { broadcastId: 'abc', round: 1, level: 1 } }),
    ];
    for (const r of results) expect(r).toEqual({ ok: false, notFound: true });
    expect(await row(id)).toEqual(before);
    expect(await t.db.select().from(broadcastReviews).where(eq(broadcastReviews.broadcastId, id))).toEqual([]);
    expect((await listWording(t.db, youthId)).some((w) => w.id === rule.id)).toBe(true);
    const [acc] = await t.db.select().from(accounts).where(eq(accounts.id, youthId));
    expect(acc!.allowedLinkDomains).not.toContain('evil.com');
    expect(await broadcastForStaff({ db: t.db, staff: police, broadcastId: id, action: 'broadcasts.view' })).toBeNull();
  });
});

describe('review rules', () => {
  it('three levels, each by a different person, never the author or an editor; return with a comment starts a new round', async () => {
    await setLevels(['编辑初审', '科室复审', '领导终审']);
    const [r1, r2, r3] = [await addUser('初审', youthId, 'reviewer'), await addUser('复审', youthId, 'reviewer'), await addUser('终审', youthId, 'account_admin')];
    const id = await draft(youth.editor);
    // A second editor touches the text: they are a writer too.
    const co = await addUser('合写', youthId, 'editor');
    expect(await updateBroadcastCommand({ db: t.db, staff: co, input: editForm(id, { 'articles.0.body': '改过的正文' }) })).toMatchObject({ ok: true, data: { reopened: false } });
    // Not yet submitted: nothing to approve.
    expect(await approveBroadcastCommand({ db: t.db, staff: r1, input: { broadcastId: id, round: 1, level: 1 } })).toEqual({ ok: false, error: 'not_in_review' });
    expect(await submitBroadcastCommand({ db: t.db, staff: youth.editor, input: { broadcastId: id } })).toEqual({ ok: true, data: { level: 1 } });

    // The author (an account admin could be one) and the co-author may not review any level.
    const authorAdmin = youth.account_admin;
    const ownId = await inReview(authorAdmin);
    expect(await approveBroadcastCommand({ db: t.db, staff: authorAdmin, input: decision(await row(ownId)) })).toEqual({ ok: false, error: 'own_work' });
    expect(await approveBroadcastCommand({ db: t.db, staff: co, input: decision(await row(id)) })).toMatchObject({ ok: false });

    expect(await approveBroadcastCommand({ db: t.db, staff: r1, input: decision(await row(id)) })).toEqual({ ok: true, data: { status: 'in_review', level: 2 } });
    // One person, one level: r1 cannot pass level 2 as well.
    expect(await approveBroadcastCommand({ db: t.db, staff: r1, input: decision(await row(id)) })).toEqual({ ok: false, error: 'already_reviewed' });
    // A decision on the level already decided (an old page) is stale.
    expect(await approveBroadcastCommand({ db: t.db, staff: r2, input: { broadcastId: id, round: 1, level: 1 } })).toEqual({ ok: false, error: 'already_decided' });
    expect(await approveBroadcastCommand({ db: t.db, staff: r2, input: decision(await row(id)) })).toEqual({ ok: true, data: { status: 'in_review', level: 3 } });

    // Level 3 sends it back: a comment is required.
    expect(await returnBroadcastCommand({ db: t.db, staff: r3, input: decision(await row(id)) })).toMatchObject({ ok: false, fieldErrors: { comment: expect.any(Array) } });
    expect(await returnBroadcastCommand({ db: t.db, staff: r3, input: decision(await row(id), '请写明集合时间') })).toMatchObject({ ok: true, data: { status: 'returned' } });
    expect(await row(id)).toMatchObject({ status: 'returned', reviewRound: 2, reviewLevel: 0, approverId: null });

    // Round 2 starts again at level 1; round 1's decisions do not count.
    expect(await submitBroadcastCommand({ db: t.db, staff: youth.editor, input: { broadcastId: id } })).toMatchObject({ ok: true });
    expect(await row(id)).toMatchObject({ status: 'in_review', reviewRound: 2, reviewLevel: 1 });
    for (const reviewer of [r1, r2]) expect(await approveBroadcastCommand({ db: t.db, staff: reviewer, input: decision(await row(id)) })).toMatchObject({ ok: true, data: { status: 'in_review' } });
    expect(await approveBroadcastCommand({ db: t.db, staff: r3, input: decision(await row(id), '同意发布') })).toEqual({ ok: true, data: { status: 'approved', level: 3 } });
    expect(await row(id)).toMatchObject({ status: 'approved', approverId: r3.id, authorId: youth.editor.id });

    // Every step is in the audit trail, and so on the broadcast's timeline.
    const steps = await broadcastTimeline(t.db, await row(id));
    expect(steps.map((s) => [s.action, s.actorName, s.level, s.round])).toEqual([
      ['broadcast.create', 'editor', null, null],
      ['broadcast.update', '合写', null, null],
      ['broadcast.submit', 'editor', null, 1],
      ['broadcast.approve', '初审', 1, 1],
      ['broadcast.approve', '复审', 2, 1],
      ['broadcast.return', '终审', 3, 1],
      ['broadcast.submit', 'editor', null, 2],
      ['broadcast.approve', '初审', 1, 2],
      ['broadcast.approve', '复审', 2, 2],
      ['broadcast.approve', '终审', 3, 2],
    ]);
    expect(steps[5]).toMatchObject({ levelName: '领导终审', comment: '请写明集合时间' });
    expect(steps[9]).toMatchObject({ final: true });

    // Editing the approved text sends it back to draft in a new round: the approvals are void.
    expect(await updateBroadcastCommand({ db: t.db, staff: youth.editor, input: editForm(id, { 'articles.0.title': '改了标题' }) })).toEqual({ ok: true, data: { reopened: true } });
    expect(await row(id)).toMatchObject({ status: 'draft', reviewRound: 3, reviewLevel: 0, approverId: null });
    expect((await broadcastTimeline(t.db, await row(id))).at(-1)).toMatchObject({ action: 'broadcast.update', reopened: true });
  });

  it('only fully approved broadcasts leave review; the sender owns what comes after', async () => {
    await setLevels(['审核']);
    const id = await inReview();
    // Submitting twice, or editing what the sender took, is refused.
    expect(await submitBroadcastCommand({ db: t.db, staff: youth.editor, input: { broadcastId: id } })).toEqual({ ok: false, error: 'not_submittable' });
    await t.db.update(broadcasts).set({ status: 'scheduled' }).where(eq(broadcasts.id, id));
    expect(await updateBroadcastCommand({ db: t.db, staff: youth.editor, input: editForm(id) })).toEqual({ ok: false, error: 'not_editable' });
    expect(await approveBroadcastCommand({ db: t.db, staff: youth.reviewer, input: { broadcastId: id, round: 1, level: 1 } })).toEqual({ ok: false, error: 'not_in_review' });
  });

  it('two reviewers approving the same level at the same moment: one wins, the other is told', async () => {
    await setLevels(['初审', '终审']);
    const [a, b] = [await addUser('甲', youthId, 'reviewer'), await addUser('乙', youthId, 'reviewer')];
    for (let i = 0; i < 5; i++) {
      const id = await inReview();
      const seen = decision(await row(id));
      const results = await Promise.all([approveBroadcastCommand({ db: t.db, staff: a, input: seen }), approveBroadcastCommand({ db: t.db, staff: b, input: seen })]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already_decided' }]);
      expect(await t.db.select().from(broadcastReviews).where(eq(broadcastReviews.broadcastId, id))).toHaveLength(1);
      expect(await row(id)).toMatchObject({ status: 'in_review', reviewLevel: 2 });
    }
  });

  it('an edit racing an approval: never an approval of text the reviewer did not see', async () => {
    await setLevels(['审核']);
    const id = await inReview();
    const seen = decision(await row(id));
    const [approved, edited] = await Promise.all([
      approveBroadcastCommand({ db: t.db, staff: youth.reviewer, input: seen }),
      updateBroadcastCommand({ db: t.db, staff: youth.editor, input: editForm(id, { 'articles.0.title': '同时改' }) }),
    ]);
    const b = await row(id);
    // Whichever came first, the stored text is never "approved" unless the approval saw it.
    if (b.status === 'approved') expect(edited).toEqual({ ok: false, error: 'stale' });
    else expect(b).toMatchObject({ status: 'draft', approverId: null });
    expect(approved.ok || edited.ok).toBe(true);
  });
});

describe('review settings and the wording list', () => {
  it('saves 1-3 level names and allowed hosts, refusing gaps and bad hosts', async () => {
    const admin = youth.account_admin;
    const save = (input: Record<string, string>) => updateReviewSettingsCommand({ db: t.db, staff: admin, input: { account: 'zhongshan-youth', ...input } });
    expect(await save({ 'levels.0': '初审', 'levels.1': '', 'levels.2': '终审' })).toMatchObject({ ok: false, fieldErrors: { 'levels.1': expect.any(Array) } });
    expect(await save({ 'levels.0': '', domains: '' })).toMatchObject({ ok: false, fieldErrors: { 'levels.0': expect.any(Array) } });
    expect(await save({ 'levels.0': '初审', domains: 'not a host' })).toMatchObject({ ok: false, fieldErrors: { domains: expect.any(Array) } });
    expect(await save({ 'levels.0': '编辑初审', 'levels.1': '科室复审', 'levels.2': '领导终审', domains: 'https://www.gd.gov.cn/\nzs.gov.cn, zs.gov.cn' })).toEqual({ ok: true, data: undefined });
    const [acc] = await t.db.select().from(accounts).where(eq(accounts.id, youthId));
    expect(acc).toMatchObject({ reviewLevels: ['编辑初审', '科室复审', '领导终审'], allowedLinkDomains: ['www.gd.gov.cn', 'zs.gov.cn'] });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'broadcast.review_settings'), eq(auditLog.actorId, admin.id)));
    expect(audits.map((a) => a.detail)).toContainEqual(expect.objectContaining({ after: { levels: ['编辑初审', '科室复审', '领导终审'], domains: ['www.gd.gov.cn', 'zs.gov.cn'] } }));
  });

  it('every account starts with the starter list; a word is listed once whatever its case', async () => {
    const words = (await listWording(t.db, youthId)).map((w) => w.word);
    for (const w of STARTER_WORDING) expect(words).toContain(w.word);
    expect(await seedStarterWording(t.db, youthId)).toBe(0);
    const admin = youth.account_admin;
    expect(await addWordingCommand({ db: t.db, staff: admin, input: { account: 'zhongshan-youth', word: 'WeChat', suggestion: '微信' } })).toMatchObject({ ok: true });
    expect(await addWordingCommand({ db: t.db, staff: admin, input: { account: 'zhongshan-youth', word: 'wechat' } })).toEqual({ ok: false, fieldErrors: { word: ['duplicate'] } });
  });
});
