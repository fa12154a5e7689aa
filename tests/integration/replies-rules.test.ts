import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, autoReplyRules } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { can, type Role } from '../../lib/auth/permissions';
import type { CommandContext, CommandResult, StaffCommand } from '../../lib/auth/staff-command';
import {
  createReplyRule,
  createReplyRuleCommand,
  deleteReplyRuleCommand,
  testReplyRulesCommand,
  toggleReplyRuleCommand,
  updateReplyRuleCommand,
} from '../../lib/auto-reply/rule-commands';
import { startWebhookServer } from '../helpers/webhook';
import { accountIdOf, citizenWrites, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';
import { deniedCount, EVERY_ROLE, membersOfEveryRole } from './role-fixtures';

/**
 * The auto-reply rule editor's commands on a real database (PGlite or PostgreSQL, TEST_DB):
 * what each role may do, another account's ids, refused patterns, and that an edited rule is the
 * one the real webhook answers with.
 */
let w: InboxWorld;
let members: Record<Role, Staff>;
let youth: Staff;
let police: Staff;

beforeAll(async () => {
  w = await createInboxWorld();
  members = await membersOfEveryRole(w, 'zhongshan-youth', 'replies');
  youth = await staffOf(w, 'youth@wegov.local');
  police = await staffOf(w, 'police@wegov.local');
});
afterAll(async () => {
  await w.close();
});

const ctx = (staff: Staff, input: Record<string, unknown>) => ({ db: w.t.db, staff, input }) satisfies CommandContext;
const keyword = { kind: 'keyword', matchType: 'contains', pattern: '志愿证明', priority: '100', replyType: 'text', content: '请到 i志愿 平台打印。' };

async function youthRule(fields: Record<string, string> = keyword): Promise<number> {
  const created = await createReplyRule({ db: w.t.db, accountId: await accountIdOf(w, 'zhongshan-youth'), actorId: youth.id, fields: fields as never });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return created.id;
}

async function ruleRow(id: number) {
  const [row] = await w.t.db.select().from(autoReplyRules).where(eq(autoReplyRules.id, id));
  return row;
}

const deniedFor = (staff: Staff, action: string) => deniedCount(w, staff, action);

describe('rule commands', () => {
  it('creates, edits, disables, enables and deletes a rule, each audited', async () => {
    const created = await createReplyRuleCommand(ctx(youth, { account: 'zhongshan-youth', ...keyword, activeFrom: '22:00', activeUntil: '07:00' }));
    expect(created.ok).toBe(true);
    const id = created.ok ? created.data.id : 0;
    expect(await ruleRow(id)).toMatchObject({ kind: 'keyword', matchType: 'contains', pattern: '志愿证明', activeFromMinute: 1320, activeUntilMinute: 420, enabled: true, reply: { type: 'text', content: '请到 i志愿 平台打印。' } });

    const news = { ruleId: String(id), kind: 'keyword', matchType: 'regex', pattern: '^证明\\d+$', priority: '5', replyType: 'news', title: '证明办理', description: '三步办好', picUrl: 'https://example.gov.cn/c.jpg', url: 'https://example.gov.cn/a' };
    expect(await updateReplyRuleCommand(ctx(youth, news))).toEqual({ ok: true, data: undefined });
    expect(await ruleRow(id)).toMatchObject({ matchType: 'regex', priority: 5, activeFromMinute: null, reply: { type: 'news', articles: [{ title: '证明办理', description: '三步办好', picUrl: 'https://example.gov.cn/c.jpg', url: 'https://example.gov.cn/a' }] } });

    expect(await toggleReplyRuleCommand(ctx(youth, { ruleId: String(id), enabled: 'false' }))).toEqual({ ok: true, data: undefined });
    expect((await ruleRow(id))!.enabled).toBe(false);
    expect(await toggleReplyRuleCommand(ctx(youth, { ruleId: String(id), enabled: 'true' }))).toEqual({ ok: true, data: undefined });
    expect((await ruleRow(id))!.enabled).toBe(true);
    expect(await deleteReplyRuleCommand(ctx(youth, { ruleId: String(id) }))).toEqual({ ok: true, data: undefined });
    expect(await ruleRow(id)).toBeUndefined();

    const audit = await w.t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'auto_reply_rule'), eq(auditLog.entityId, String(id))));
    expect(audit.map((a) => a.action)).toEqual(['reply_rule.create', 'reply_rule.update', 'reply_rule.disable', 'reply_rule.enable', 'reply_rule.delete']);
    expect(audit.every((a) => a.actorId === youth.id && a.accountId !== null)).toBe(true);
  });

  it('takes an image reply by media_id and refuses one without', async () => {
    const ok = await createReplyRuleCommand(ctx(youth, { account: 'zhongshan-youth', kind: 'click', pattern: 'V1001_MAP', replyType: 'image', mediaId: 'MEDIA_abc-123' }));
    expect(ok.ok).toBe(true);
    expect(await ruleRow(ok.ok ? ok.data.id : 0)).toMatchObject({ kind: 'click', matchType: null, pattern: 'V1001_MAP', reply: { type: 'image', mediaId: 'MEDIA_abc-123' } });
    expect(await createReplyRuleCommand(ctx(youth, { account: 'zhongshan-youth', kind: 'click', pattern: 'K', replyType: 'image', mediaId: 'https://x.test/a.jpg' }))).toEqual({ ok: false, fieldErrors: { mediaId: ['media_id'] } });
    expect(await createReplyRuleCommand(ctx(youth, { account: 'zhongshan-youth', kind: 'click', pattern: 'K', replyType: 'image' }))).toEqual({ ok: false, fieldErrors: { mediaId: ['required'] } });
  });

  it('refuses what a kind needs but lacks, half or empty active hours, and fields it does not know', async () => {
    const base = { account: 'zhongshan-youth', replyType: 'text', content: 'x' };
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'keyword' }))).toEqual({ ok: false, fieldErrors: { matchType: ['required'], pattern: ['required'] } });
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'default', activeFrom: '08:00' }))).toEqual({ ok: false, fieldErrors: { activeUntil: ['hours_pair'] } });
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'default', activeFrom: '08:00', activeUntil: '08:00' }))).toEqual({ ok: false, fieldErrors: { activeUntil: ['hours_empty'] } });
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'default', activeFrom: '25:00', activeUntil: '08:00' }))).toMatchObject({ ok: false, fieldErrors: { activeFrom: ['time'] } });
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'default', content: '字'.repeat(700) }))).toEqual({ ok: false, fieldErrors: { content: ['too_long'] } });
    // The account is the one in the URL's slug, never a field of the form.
    expect(await createReplyRuleCommand(ctx(youth, { ...base, kind: 'default', accountId: await accountIdOf(w, 'zhaoqing-police') }))).toMatchObject({ ok: false, fieldErrors: {} });
  });
});

describe('regular expressions', () => {
  const attempt = (pattern: string) => createReplyRuleCommand(ctx(youth, { account: 'zhongshan-youth', kind: 'keyword', matchType: 'regex', pattern, replyType: 'text', content: 'x' }));

  it('refuses an invalid one with the place it went wrong, and stores nothing', async () => {
    const before = (await w.t.db.select().from(autoReplyRules)).length;
    expect(await attempt('(办证')).toEqual({ ok: false, fieldErrors: { pattern: ['regex_invalid', '(办证'] } });
    expect(await attempt('[a-')).toMatchObject({ ok: false, fieldErrors: { pattern: ['regex_invalid', expect.any(String)] } });
    expect((await w.t.db.select().from(autoReplyRules)).length).toBe(before);
  });

  it('refuses what cannot run in linear time (look-around, back-references), long patterns and large repeats', async () => {
    expect(await attempt('(?=.*办)证')).toMatchObject({ ok: false, fieldErrors: { pattern: ['regex_unsupported', expect.stringMatching(/^\(\?=/)] } });
    expect(await attempt('(?<!不)办')).toMatchObject({ ok: false, fieldErrors: { pattern: ['regex_unsupported', expect.any(String)] } });
    expect(await attempt('(a+)\\1')).toMatchObject({ ok: false, fieldErrors: { pattern: ['regex_unsupported', '\\1'] } });
    expect(await attempt('a'.repeat(201))).toEqual({ ok: false, fieldErrors: { pattern: ['regex_too_long'] } });
    expect(await attempt('[0-9]{1,51}')).toEqual({ ok: false, fieldErrors: { pattern: ['regex_repeat_too_large'] } });
  });

  it('runs a pattern that would backtrack catastrophically in RegExp, on a message built to trigger it, and answers', async () => {
    // (a+)+$ against many a's and a '!' takes exponential time in a backtracking engine; RE2JS is linear.
    const created = await attempt('^(a+)+$');
    expect(created.ok).toBe(true);
    const miss = await testReplyRulesCommand(ctx(youth, { account: 'zhongshan-youth', text: `${'a'.repeat(1900)}!` }));
    expect(miss).toMatchObject({ ok: true, data: { rule: { kind: 'default' } } });
    const hit = await testReplyRulesCommand(ctx(youth, { account: 'zhongshan-youth', text: 'aaaa' }));
    expect(hit).toMatchObject({ ok: true, data: { rule: { matchType: 'regex', pattern: '^(a+)+$' }, reply: { type: 'text', content: 'x' } } });
    await deleteReplyRuleCommand(ctx(youth, { ruleId: String(created.ok ? created.data.id : 0) }));
  });

  it('a stored pattern the editor would refuse (written by SQL) never matches and does not break the webhook', async () => {
    const accountId = await accountIdOf(w, 'zhongshan-youth');
    const [row] = await w.t.db.insert(autoReplyRules).values({ accountId, kind: 'keyword', matchType: 'regex', pattern: '(?=x)', reply: { type: 'text', content: 'never' }, priority: 0 }).returning();
    const answer = await citizenWrites(w, 'zhongshan-youth', 'oBadRegex', 'x');
    expect(answer.status).toBe(200);
    expect(answer.reply).not.toBe('never');
    await w.t.db.delete(autoReplyRules).where(eq(autoReplyRules.id, row!.id));
  });
});

describe('the test box', () => {
  it('names the rule a message hits and its reply, at the time given (active hours wrap past midnight)', async () => {
    const id = await youthRule({ kind: 'keyword', matchType: 'exact', pattern: '夜间值班', priority: '100', activeFrom: '22:00', activeUntil: '07:00', replyType: 'text', content: '夜间请拨 12345。' });
    const at = (time: string) => testReplyRulesCommand(ctx(members.agent, { account: 'zhongshan-youth', text: ' 夜间值班 ', time }));
    expect(await at('23:30')).toMatchObject({ ok: true, data: { at: '23:30', rule: { id, matchType: 'exact' }, reply: { type: 'text', content: '夜间请拨 12345。' } } });
    expect(await at('06:59')).toMatchObject({ ok: true, data: { rule: { id } } });
    expect(await at('07:00')).toMatchObject({ ok: true, data: { rule: { kind: 'default' } } });
    expect(await at('12:00')).toMatchObject({ ok: true, data: { rule: { kind: 'default' } } });
    expect(await testReplyRulesCommand(ctx(members.agent, { account: 'zhongshan-youth', text: '', time: '' }))).toEqual({ ok: false, fieldErrors: { text: ['required'] } });
    await deleteReplyRuleCommand(ctx(youth, { ruleId: String(id) }));
  });

  it('says so when nothing would answer', async () => {
    // The look-alike account has no rules at all; a platform admin may test it.
    expect(await testReplyRulesCommand(ctx(members.platform_admin, { account: 'zhongshan-gaj-lookalike', text: '你好' }))).toMatchObject({ ok: true, data: { rule: null, reply: null } });
  });
});

describe('the webhook answers with the edited rule', () => {
  it('a new keyword rule answers, and after an edit the next message gets the new text', async () => {
    const id = await youthRule({ kind: 'keyword', matchType: 'exact', pattern: '时长证明', priority: '100', replyType: 'text', content: '旧的回复' });
    // Each push goes to a webhook process whose account cache fills after the change (a second
    // app process, or this one after its short TTL: lib/accounts/webhook-account.ts).
    const answerOf = async (openid: string) => {
      const fresh = await startWebhookServer();
      try {
        return (await citizenWrites({ ...w, webhook: fresh }, 'zhongshan-youth', openid, '时长证明')).reply;
      } finally {
        await fresh.close();
      }
    };
    // Each citizen's first message opens an inquiry: the rule's text, then its case number
    // (docs/citizen-service.md "When it is given").
    const CASE = '\n\n您的咨询已受理，编号 ';
    expect(await answerOf('oEdit1')).toMatch(new RegExp(`^旧的回复${CASE}`));
    expect(await updateReplyRuleCommand(ctx(youth, { ruleId: String(id), kind: 'keyword', matchType: 'exact', pattern: '时长证明', replyType: 'text', content: '新的回复' }))).toEqual({ ok: true, data: undefined });
    expect(await answerOf('oEdit2')).toMatch(new RegExp(`^新的回复${CASE}`));
    expect(await toggleReplyRuleCommand(ctx(youth, { ruleId: String(id), enabled: 'false' }))).toEqual({ ok: true, data: undefined });
    expect(await answerOf('oEdit3')).not.toMatch(/^新的回复/);
  });
});

describe('tenant isolation', () => {
  it("another account's rule ids answer 404 for every command, and nothing changes", async () => {
    const id = await youthRule();
    const before = await ruleRow(id);
    const attempts = [
      () => updateReplyRuleCommand(ctx(police, { ruleId: String(id), ...keyword, content: 'hacked' })),
      () => toggleReplyRuleCommand(ctx(police, { ruleId: String(id), enabled: 'false' })),
      () => deleteReplyRuleCommand(ctx(police, { ruleId: String(id) })),
      () => createReplyRuleCommand(ctx(police, { account: 'zhongshan-youth', ...keyword })),
      () => testReplyRulesCommand(ctx(police, { account: 'zhongshan-youth', text: '志愿证明' })),
      () => updateReplyRuleCommand(ctx(police, { ruleId: '999999999', ...keyword })),
      () => deleteReplyRuleCommand(ctx(police, { ruleId: 'abc' })),
    ];
    for (const run of attempts) expect(await run()).toEqual({ ok: false, notFound: true });
    expect(await ruleRow(id)).toEqual(before);
    expect(await deniedFor(police, 'replies.edit')).toBeGreaterThanOrEqual(4);
  });
});

type Attempt = { name: string; command: StaffCommand<unknown, never>; run: (staff: Staff) => Promise<CommandResult<unknown>> };
const onRule = (name: string, command: StaffCommand<unknown>, input: (ruleId: string) => Record<string, unknown>): Attempt => ({
  name,
  command,
  run: async (staff) => command(ctx(staff, input(String(await youthRule())))),
});

const attempts: Attempt[] = [
  { name: 'create rule', command: createReplyRuleCommand, run: (staff) => createReplyRuleCommand(ctx(staff, { account: 'zhongshan-youth', ...keyword })) },
  onRule('edit rule', updateReplyRuleCommand, (ruleId) => ({ ruleId, ...keyword, content: '改' })),
  onRule('disable rule', toggleReplyRuleCommand, (ruleId) => ({ ruleId, enabled: 'false' })),
  onRule('delete rule', deleteReplyRuleCommand, (ruleId) => ({ ruleId })),
  { name: 'test box', command: testReplyRulesCommand, run: (staff) => testReplyRulesCommand(ctx(staff, { account: 'zhongshan-youth', text: '你好' })) },
];

describe('each rule command is allowed exactly to the roles the table gives its action', () => {
  for (const attempt of attempts) {
    for (const role of EVERY_ROLE) {
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

  it('gives the rule table what the issue asks: everyone reads and tests, editors and up change', () => {
    for (const role of ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const) expect(can(role, 'replies.view')).toBe(true);
    expect(['platform_admin', 'account_admin', 'editor'].every((r) => can(r as Role, 'replies.edit'))).toBe(true);
    expect(can('reviewer', 'replies.edit') || can('agent', 'replies.edit')).toBe(false);
  });
});
