import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, autoReplyRules, cannedReplies, conversations, followerTags, jobs, macros, memberships, messages, tags, users, type MemberRole } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { replyCommand } from '../../lib/inbox/commands';
import { runDueJobs } from '../../lib/jobs/worker';
import { revealPiiCommand, shieldMessage } from '../../lib/privacy/shield';
import { createGapRuleCommand, gapReport, wouldHaveAnswered } from '../../lib/service/gaps';
import { applyMacroCommand, createMacroCommand, deleteMacroCommand, listMacros, updateMacroCommand } from '../../lib/service/macros';
import { colleaguesPresent, heartbeat, PRESENCE_STALE_MS } from '../../lib/service/presence';
import { queueTyping, TYPING_JOB, TYPING_THROTTLE_MS, typingHandler } from '../../lib/service/typing';
import { accountIdOf, appIdOf, citizenWrites, conversationOf, createInboxWorld, drainOutbox, staffOf, type InboxWorld } from './inbox-fixtures';

let w: InboxWorld;
let youthId: string;
let policeId: string;
/** One member per role on zhongshan-youth, plus the platform admin and police's account admin. */
const staff = {} as Record<'platform_admin' | MemberRole, Staff> & { police: Staff };

async function addMember(slug: string, email: string, role: MemberRole): Promise<Staff> {
  const [u] = await w.t.db.insert(users).values({ email, name: email.split('@')[0]!, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: await accountIdOf(w, slug), role });
  return { id: u!.id, email, name: u!.name, isPlatformAdmin: false, locale: 'zh-CN' };
}

beforeAll(async () => {
  w = await createInboxWorld();
  youthId = await accountIdOf(w, 'zhongshan-youth');
  policeId = await accountIdOf(w, 'zhaoqing-police');
  staff.platform_admin = await staffOf(w, 'admin@wegov.local');
  staff.account_admin = await staffOf(w, 'youth@wegov.local');
  staff.police = await staffOf(w, 'police@wegov.local');
  for (const role of ['editor', 'reviewer', 'agent'] as const) staff[role] = await addMember('zhongshan-youth', `${role}@youth.local`, role);
});
afterAll(async () => {
  await w.close();
});

const ROLES = ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const;

async function audits(action: string, entityId?: string | number) {
  const rows = await w.t.db.select().from(auditLog).where(eq(auditLog.action, action));
  return entityId === undefined ? rows : rows.filter((r) => r.entityId === String(entityId));
}

describe('macros', () => {
  let cannedId: number;
  beforeAll(async () => {
    const [c] = await w.t.db.insert(cannedReplies).values({ accountId: youthId, title: '材料清单', body: '请带身份证原件和复印件到服务大厅办理。' }).returning();
    cannedId = c!.id;
  });

  it('editors and above write macros; reviewers and agents get 404 and nothing is written', async () => {
    for (const role of ROLES) {
      const result = await createMacroCommand({ db: w.t.db, staff: staff[role], input: { account: 'zhongshan-youth', name: `结案-${role}`, cannedReplyId: String(cannedId), tags: '已办结, 材料', setStatus: 'resolved', assignTo: 'me' } });
      const allowed = role === 'platform_admin' || role === 'account_admin' || role === 'editor';
      expect(result.ok, role).toBe(allowed);
      if (!allowed) expect(result).toEqual({ ok: false, notFound: true });
    }
    const names = (await listMacros(w.t.db, youthId)).map((m) => m.name);
    expect(names).toEqual(['结案-platform_admin', '结案-account_admin', '结案-editor']);
    expect(await audits('macro.create')).toHaveLength(3);
  });

  it('refuses another account\'s canned reply, an unknown assignee and a macro that does nothing, at the field', async () => {
    const [foreign] = await w.t.db.insert(cannedReplies).values({ accountId: policeId, title: '警方', body: '警方模板' }).returning();
    const base = { account: 'zhongshan-youth', name: '坏的' };
    const bad = [
      [{ ...base, cannedReplyId: String(foreign!.id) }, 'cannedReplyId'],
      [{ ...base, assignTo: staff.police.id }, 'assignTo'],
      [{ ...base }, 'name'],
      [{ ...base, name: '', tags: '甲' }, 'name'],
      [{ ...base, tags: '甲', setStatus: 'closed' }, 'setStatus'],
    ] as const;
    for (const [input, field] of bad) {
      const result = await createMacroCommand({ db: w.t.db, staff: staff.editor, input });
      expect(result.ok).toBe(false);
      expect(Object.keys((result as { fieldErrors: object }).fieldErrors)).toContain(field);
    }
    expect((await listMacros(w.t.db, youthId)).some((m) => m.name === '坏的')).toBe(false);
  });

  it('one click sends the canned reply, adds the tags, sets status and assignee, and audits each step', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oMacroCitizen', '明天能去现场吗？');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oMacroCitizen');
    const [macro] = (await listMacros(w.t.db, youthId)).filter((m) => m.name === '结案-editor');
    const result = await applyMacroCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: String(convo.id), macroId: String(macro!.id) } });
    expect(result).toEqual({ ok: true, data: { macroId: macro!.id, reply: 'queued' } });
    const [after] = await w.t.db.select().from(conversations).where(eq(conversations.id, convo.id));
    expect(after!.status).toBe('resolved');
    expect(after!.assigneeId).toBe(staff.agent.id);
    const sent = await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'outbound'))).orderBy(messages.id);
    // The canned reply, then what resolving always sends: the request to rate (docs/citizen-service.md §2).
    expect(sent.map((m) => m.content)).toEqual(['请带身份证原件和复印件到服务大厅办理。', expect.stringContaining('请为本次服务评价')]);
    expect(sent[0]!.authorId).toBe(staff.agent.id);
    const tagged = await w.t.db.select({ name: tags.name }).from(followerTags).innerJoin(tags, eq(tags.id, followerTags.tagId)).where(eq(followerTags.followerId, convo.followerId));
    expect(tagged.map((t) => t.name).sort()).toEqual(['已办结', '材料'].sort());
    for (const action of ['inbox.macro.apply', 'inbox.reply', 'inbox.tag', 'inbox.status', 'inbox.assign']) {
      expect((await audits(action, convo.id)).length, action).toBeGreaterThan(0);
    }
    await drainOutbox(w);
    expect(w.sim.state.calls({ path: '/cgi-bin/message/custom/send', appId: appIdOf('zhongshan-youth') }).some((c) => JSON.stringify(c.body).includes('身份证原件'))).toBe(true);
  });

  it('every role of the account may apply a macro', async () => {
    const [macro] = await w.t.db.insert(macros).values({ accountId: youthId, name: '标记', addTags: ['跟进'] }).returning();
    for (const role of ROLES) {
      await citizenWrites(w, 'zhongshan-youth', `oApply-${role}`, '请问一下');
      const convo = await conversationOf(w, 'zhongshan-youth', `oApply-${role}`);
      const result = await applyMacroCommand({ db: w.t.db, staff: staff[role], input: { conversationId: convo.id, macroId: macro!.id } });
      expect(result.ok, role).toBe(true);
    }
  });

  it('when a step is refused nothing of the macro stays', async () => {
    const leaving = await addMember('zhongshan-youth', 'leaving@youth.local', 'agent');
    const created = await createMacroCommand({ db: w.t.db, staff: staff.editor, input: { account: 'zhongshan-youth', name: '转给小王', cannedReplyId: String(cannedId), tags: '转办', assignTo: leaving.id } });
    expect(created.ok).toBe(true);
    await w.t.db.delete(memberships).where(eq(memberships.userId, leaving.id));
    await citizenWrites(w, 'zhongshan-youth', 'oRollback', '我想咨询办证');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oRollback');
    const result = await applyMacroCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: convo.id, macroId: (created as { data: { macroId: number } }).data.macroId } });
    expect(result.ok).toBe(false);
    expect((result as { fieldErrors: object }).fieldErrors).toHaveProperty('assigneeId');
    expect(await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'outbound')))).toEqual([]);
    expect(await w.t.db.select().from(followerTags).where(eq(followerTags.followerId, convo.followerId))).toEqual([]);
    expect(await audits('inbox.macro.apply', convo.id)).toEqual([]);
  });

  it('editors rename and delete; a macro of another account is a 404 for every command, and nothing changes', async () => {
    const [mine] = (await listMacros(w.t.db, youthId)).filter((m) => m.name === '结案-account_admin');
    expect((await updateMacroCommand({ db: w.t.db, staff: staff.editor, input: { macroId: mine!.id, name: '结案并回复', tags: '已办结' } })).ok).toBe(true);
    expect((await updateMacroCommand({ db: w.t.db, staff: staff.agent, input: { macroId: mine!.id, name: '越权', tags: 'x' } }))).toEqual({ ok: false, notFound: true });

    const [foreign] = await w.t.db.insert(macros).values({ accountId: policeId, name: '警方宏', addTags: ['警方'], setStatus: 'resolved' }).returning();
    await citizenWrites(w, 'zhongshan-youth', 'oTenant', '你们好');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oTenant');
    await citizenWrites(w, 'zhaoqing-police', 'oPoliceTenant', '报警咨询');
    const policeConvo = await conversationOf(w, 'zhaoqing-police', 'oPoliceTenant');
    const notFound = { ok: false, notFound: true };
    expect(await applyMacroCommand({ db: w.t.db, staff: staff.account_admin, input: { conversationId: convo.id, macroId: foreign!.id } })).toEqual(notFound);
    expect(await applyMacroCommand({ db: w.t.db, staff: staff.account_admin, input: { conversationId: policeConvo.id, macroId: mine!.id } })).toEqual(notFound);
    expect(await updateMacroCommand({ db: w.t.db, staff: staff.account_admin, input: { macroId: foreign!.id, name: '改', tags: 'x' } })).toEqual(notFound);
    expect(await deleteMacroCommand({ db: w.t.db, staff: staff.account_admin, input: { macroId: foreign!.id } })).toEqual(notFound);
    expect(await createMacroCommand({ db: w.t.db, staff: staff.account_admin, input: { account: 'zhaoqing-police', name: '越权', tags: 'x' } })).toEqual(notFound);
    const [still] = await w.t.db.select().from(macros).where(eq(macros.id, foreign!.id));
    expect(still!.name).toBe('警方宏');
    const [c] = await w.t.db.select().from(conversations).where(eq(conversations.id, convo.id));
    expect(c!.status).not.toBe('resolved');
    expect(await w.t.db.select().from(followerTags).where(eq(followerTags.followerId, convo.followerId))).toEqual([]);

    expect((await deleteMacroCommand({ db: w.t.db, staff: staff.editor, input: { macroId: mine!.id } })).ok).toBe(true);
    expect(await audits('macro.delete', mine!.id)).toHaveLength(1);
  });
});

describe('presence and the collision warning', () => {
  it('shows each of two staff members the other, typing first, and forgets a stale or departed one', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oPresence', '有人吗');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oPresence');
    const t0 = new Date();
    expect(await heartbeat({ db: w.t.db, conversation: convo, userId: staff.account_admin.id, state: 'viewing', mayReply: true, now: t0 })).toEqual([]);
    const seenByAgent = await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'typing', mayReply: true, now: t0 });
    expect(seenByAgent.map((c) => [c.name, c.state])).toEqual([['团市委 小李', 'viewing']]);
    const seenByAdmin = await heartbeat({ db: w.t.db, conversation: convo, userId: staff.account_admin.id, state: 'viewing', mayReply: true, now: t0 });
    expect(seenByAdmin.map((c) => [c.name, c.state])).toEqual([['agent', 'typing']]);
    // 31 s without a heartbeat: gone.
    const later = new Date(t0.getTime() + PRESENCE_STALE_MS + 1_000);
    expect(await colleaguesPresent({ db: w.t.db, conversationId: convo.id, userId: staff.account_admin.id, now: later })).toEqual([]);
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'viewing', mayReply: true, now: t0 });
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'gone', mayReply: true, now: t0 });
    expect(await colleaguesPresent({ db: w.t.db, conversationId: convo.id, userId: staff.account_admin.id, now: t0 })).toEqual([]);
  });
});

describe('the typing indicator', () => {
  const typingCalls = (openid: string) => w.sim.state.calls({ path: '/cgi-bin/message/custom/typing', appId: appIdOf('zhongshan-youth') }).filter((c) => (c.body as { touser?: string }).touser === openid);
  const typingJobs = () => w.t.db.select().from(jobs).where(eq(jobs.kind, TYPING_JOB));
  const run = () => runDueJobs({ db: w.t.db, handlers: { [TYPING_JOB]: typingHandler(w.config) }, backoff: () => 0 });

  it('reaches the citizen through the outbox while the window is open, throttled, and is cancelled when typing stops', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oTyping', '请问在吗');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oTyping');
    const now = new Date();
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'typing', mayReply: true, now });
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'typing', mayReply: true, now });
    await run();
    expect(typingCalls('oTyping').map((c) => (c.body as { command: string }).command)).toEqual(['Typing']);
    expect(w.sim.state.isTyping(appIdOf('zhongshan-youth'), 'oTyping')).toBe(true);
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'viewing', mayReply: true, now });
    await run();
    expect(typingCalls('oTyping').map((c) => (c.body as { command: string }).command)).toEqual(['Typing', 'CancelTyping']);
    expect(w.sim.state.isTyping(appIdOf('zhongshan-youth'), 'oTyping')).toBe(false);
    // After the throttle span a new Typing may go out again.
    expect(await queueTyping({ db: w.t.db, conversation: convo, command: 'Typing', now: new Date(now.getTime() + TYPING_THROTTLE_MS + 2_000) })).toBe('queued');
  });

  it('is not sent when the 48 h window is closed, nor for a role that may not reply', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oClosed', '很久以前的问题', { secondsAgo: 49 * 3600 });
    const convo = await conversationOf(w, 'zhongshan-youth', 'oClosed');
    const before = (await typingJobs()).length;
    expect(await queueTyping({ db: w.t.db, conversation: convo, command: 'Typing' })).toBe('window_closed');
    await heartbeat({ db: w.t.db, conversation: convo, userId: staff.agent.id, state: 'typing', mayReply: true });
    await citizenWrites(w, 'zhongshan-youth', 'oNoReply', '现在的问题');
    const open = await conversationOf(w, 'zhongshan-youth', 'oNoReply');
    await heartbeat({ db: w.t.db, conversation: open, userId: staff.agent.id, state: 'typing', mayReply: false });
    expect((await typingJobs()).length).toBe(before);
    await run();
    expect(typingCalls('oClosed')).toEqual([]);
    expect(typingCalls('oNoReply')).toEqual([]);
  });

  it('drops a stale typing job instead of sending it late', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oStale', '在吗在吗');
    const convo = await conversationOf(w, 'zhongshan-youth', 'oStale');
    const minuteAgo = new Date(Date.now() - 60_000);
    expect(await queueTyping({ db: w.t.db, conversation: convo, command: 'Typing', now: minuteAgo })).toBe('queued');
    await run();
    expect(typingCalls('oStale')).toEqual([]);
    const stale = (await typingJobs()).filter((j) => (j.payload as { conversationId: number }).conversationId === convo.id);
    expect(stale.map((j) => [j.status, j.attempts])).toEqual([['done', 1]]);
  });
});

describe('personal data shielding', () => {
  const id = '440304199003071234'.slice(0, 17);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const residentId = id + '10X98765432'[[...id].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11];

  it('masks a citizen message, reveals it with a reason to allowed roles, and audits the reason', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oPii', `我的身份证${residentId}，电话13812345678`);
    const convo = await conversationOf(w, 'zhongshan-youth', 'oPii');
    const [m] = await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'inbound')));
    const shown = shieldMessage(m!);
    expect((shown.payload as { Content: string }).Content).toBe(`我的身份证440***********${residentId.slice(-4)}，电话138****5678`);
    expect(shown.content).not.toContain('13812345678');
    for (const role of ROLES) {
      const result = await revealPiiCommand({ db: w.t.db, staff: staff[role], input: { conversationId: convo.id, messageId: m!.id, reason: '回电核实身份' } });
      if (role === 'reviewer') expect(result).toEqual({ ok: false, notFound: true });
      else expect(result, role).toEqual({ ok: true, data: { messageId: m!.id, text: `我的身份证${residentId}，电话13812345678` } });
    }
    const logged = await audits('inbox.pii.reveal', m!.id);
    expect(logged).toHaveLength(4);
    expect(logged.every((a) => (a.detail as { reason: string }).reason === '回电核实身份')).toBe(true);
    expect(JSON.stringify(logged)).not.toContain('13812345678');
  });

  it('wants a reason, and keeps other conversations and accounts out', async () => {
    const convo = await conversationOf(w, 'zhongshan-youth', 'oPii');
    const [m] = await w.t.db.select().from(messages).where(and(eq(messages.conversationId, convo.id), eq(messages.direction, 'inbound')));
    const noReason = await revealPiiCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: convo.id, messageId: m!.id, reason: ' ' } });
    expect(noReason.ok).toBe(false);
    expect((noReason as { fieldErrors: object }).fieldErrors).toHaveProperty('reason');
    const other = await conversationOf(w, 'zhongshan-youth', 'oPresence');
    expect(await revealPiiCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: other.id, messageId: m!.id, reason: '换个会话' } })).toEqual({ ok: false, notFound: true });
    expect(await revealPiiCommand({ db: w.t.db, staff: staff.police, input: { conversationId: convo.id, messageId: m!.id, reason: '越权查看' } })).toEqual({ ok: false, notFound: true });
  });
});

describe('the gap report', () => {
  /** Real-shaped traffic: three ways of asking the same thing, answered by hand, and noise. */
  const socialCard = ['社保卡丢了怎么补办？', '请问社保卡补办要去哪里', '社保卡补办需要什么材料', '我的社保卡坏了，怎么补办'];
  const answer = '社保卡补办：带身份证到任一社保服务网点或在粤省事小程序申请，约 7 个工作日寄到。';
  const passport = ['港澳通行证续签在哪里办？', '港澳通行证续签要多久'];

  beforeAll(async () => {
    let n = 0;
    for (const q of socialCard) {
      const openid = `oGap${n++}`;
      await citizenWrites(w, 'zhongshan-youth', openid, q);
      const convo = await conversationOf(w, 'zhongshan-youth', openid);
      expect((await replyCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: convo.id, text: n === 4 ? '请到社保网点办理。' : answer } })).ok).toBe(true);
    }
    for (const q of passport) {
      const openid = `oGap${n++}`;
      await citizenWrites(w, 'zhongshan-youth', openid, q);
      const convo = await conversationOf(w, 'zhongshan-youth', openid);
      await replyCommand({ db: w.t.db, staff: staff.editor, input: { conversationId: convo.id, text: '通行证续签请到出入境窗口或自助机办理。' } });
    }
    // Asked but never answered by staff, and one a keyword rule (活动) answered: not gaps.
    await citizenWrites(w, 'zhongshan-youth', `oGap${n++}`, '社保卡补办进度怎么查');
    const ruled = `oGap${n++}`;
    await citizenWrites(w, 'zhongshan-youth', ruled, '最近有什么活动可以报名');
    await replyCommand({ db: w.t.db, staff: staff.agent, input: { conversationId: (await conversationOf(w, 'zhongshan-youth', ruled)).id, text: '请看菜单。' } });
  });

  it('groups questions no rule answered and staff answered, most frequent first, with the answer given most', async () => {
    const report = await gapReport({ db: w.t.db, accountId: youthId });
    expect(report.length).toBeGreaterThanOrEqual(2);
    const [first, second] = report;
    expect(first!.size).toBe(4);
    expect([...first!.examples].every((q) => q.includes('社保卡'))).toBe(true);
    expect(first!.answer).toBe(answer);
    expect(first!.answerCount).toBe(3);
    expect(first!.keyword).toContain('社保卡');
    expect(second!.size).toBe(2);
    expect(second!.keyword).toMatch(/通行证|续签/);
    expect(JSON.stringify(report)).not.toContain('活动可以报名');
  });

  it('counts what a rule would have answered with the webhook\'s matcher, creates it, and the group leaves the report', async () => {
    // Five citizen texts contain 社保卡: the four answered by hand and the unanswered 进度 question.
    const count = await wouldHaveAnswered({ db: w.t.db, accountId: youthId, keyword: '社保卡', matchType: 'contains' });
    expect(count).toBe(5);
    expect(await wouldHaveAnswered({ db: w.t.db, accountId: youthId, keyword: '活动', matchType: 'contains' })).toBe(0);
    for (const role of ['reviewer', 'agent'] as const) {
      expect(await createGapRuleCommand({ db: w.t.db, staff: staff[role], input: { account: 'zhongshan-youth', keyword: '社保卡', reply: answer } })).toEqual({ ok: false, notFound: true });
    }
    expect(await createGapRuleCommand({ db: w.t.db, staff: staff.account_admin, input: { account: 'zhaoqing-police', keyword: '社保卡', reply: answer } })).toEqual({ ok: false, notFound: true });
    const bad = await createGapRuleCommand({ db: w.t.db, staff: staff.editor, input: { account: 'zhongshan-youth', keyword: '社', reply: '' } });
    expect(Object.keys((bad as { fieldErrors: object }).fieldErrors).sort()).toEqual(['keyword', 'reply']);
    const created = await createGapRuleCommand({ db: w.t.db, staff: staff.editor, input: { account: 'zhongshan-youth', keyword: '社保卡', reply: answer } });
    expect(created.ok).toBe(true);
    expect((created as { data: { wouldAnswer: number } }).data.wouldAnswer).toBe(5);
    const rules = await w.t.db.select().from(autoReplyRules).where(and(eq(autoReplyRules.accountId, youthId), eq(autoReplyRules.pattern, '社保卡')));
    expect(rules.map((r) => [r.kind, r.matchType, r.reply])).toEqual([['keyword', 'contains', { type: 'text', content: answer }]]);
    expect(await audits('gaps.rule.create', rules[0]!.id)).toHaveLength(1);
    // Made by the replies feature's createReplyRule, which audits it as a rule edit too.
    expect(await audits('reply_rule.create', rules[0]!.id)).toHaveLength(1);
    const report = await gapReport({ db: w.t.db, accountId: youthId });
    expect(report.some((c) => c.examples.some((q) => q.includes('社保卡')))).toBe(false);
    expect(await w.t.db.select().from(autoReplyRules).where(inArray(autoReplyRules.accountId, [policeId])).then((r) => r.some((x) => x.pattern === '社保卡'))).toBe(false);
  });
});
