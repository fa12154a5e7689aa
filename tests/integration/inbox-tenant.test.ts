import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, conversationNotes, conversations, followerTags, jobs, messages, tags } from '../../db/schema';
import { conversationForStaff } from '../../lib/inbox/access';
import {
  assignCommand,
  mergeCommand,
  noteCommand,
  referCommand,
  replyCommand,
  resendCommand,
  statusCommand,
  tagCommand,
  untagCommand,
} from '../../lib/inbox/commands';
import { conversationDetail } from '../../lib/inbox/detail';
import { loadInbox } from '../../lib/inbox/inbox-page';
import { inboxActivity } from '../../lib/inbox/list';
import { accountIdOf, addAgent, citizenWrites, conversationOf, createInboxWorld, customSendCalls, staffOf, type InboxWorld } from './inbox-fixtures';
import type { Staff } from '../../lib/auth/access';

let w: InboxWorld;
let police: Staff;
let youth: Staff;
let youthAgent: Staff;
let policeConvo: { id: number; followerId: number };
let youthConvo: { id: number };

beforeAll(async () => {
  w = await createInboxWorld();
  police = await staffOf(w, 'police@wegov.local');
  youth = await staffOf(w, 'youth@wegov.local');
  youthAgent = await addAgent(w, 'zhongshan-youth', 'agent@youth.local');
  await citizenWrites(w, 'zhaoqing-police', 'oPoliceCitizen', '警方私密问题');
  await citizenWrites(w, 'zhongshan-youth', 'oYouthCitizen', '团委问题');
  policeConvo = await conversationOf(w, 'zhaoqing-police', 'oPoliceCitizen');
  youthConvo = await conversationOf(w, 'zhongshan-youth', 'oYouthCitizen');
  // Something on the police side a forged id could point at.
  await w.t.db.insert(tags).values({ accountId: await accountIdOf(w, 'zhaoqing-police'), name: '机密' });
});
afterAll(async () => {
  await w.close();
});

async function deniedAudits(actorId: string): Promise<number> {
  const rows = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, 'access.denied')));
  return rows.length;
}

const config = () => w.config;

describe('an agent of account A cannot touch anything of account B (docs/reliability.md F1–F3)', () => {
  const attempts: Array<[string, (staff: Staff) => Promise<unknown>]> = [
    ['reply', (staff) => replyCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, text: '越权回复' } })],
    ['assign', (staff) => assignCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, assigneeId: staff.id } })],
    ['status', (staff) => statusCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, status: 'resolved' } })],
    ['tag', (staff) => tagCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, tagName: '越权' } })],
    ['untag', (staff) => untagCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, tagId: 1 } })],
    ['note', (staff) => noteCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, body: '越权备注' } })],
    ['resend', (staff) => resendCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id, messageId: 1 } })],
    ['merge', (staff) => mergeCommand({ db: w.t.db, staff, input: { conversationId: policeConvo.id } })],
    [
      'transfer',
      (staff) => referCommand({ db: w.t.db, staff, config: config(), input: { conversationId: policeConvo.id, toAccount: 'guangzhou-police', question: '越权转介' } }),
    ],
  ];

  for (const [name, attempt] of attempts) {
    it(`${name}: 404 and audited, nothing stored, no WeChat call`, async () => {
      for (const staff of [youth, youthAgent]) {
        const before = await deniedAudits(staff.id);
        const callsBefore = w.sim.state.calls({}).length;
        expect(await attempt(staff)).toEqual({ ok: false, notFound: true });
        expect(await deniedAudits(staff.id)).toBe(before + 1);
        expect(w.sim.state.calls({}).length).toBe(callsBefore);
      }
    });
  }

  it('left the other account’s conversation exactly as it was', async () => {
    const [c] = await w.t.db.select().from(conversations).where(eq(conversations.id, policeConvo.id));
    expect(c?.status).toBe('open');
    expect(c?.assigneeId).toBeNull();
    expect(await w.t.db.select().from(messages).where(and(eq(messages.conversationId, policeConvo.id), eq(messages.direction, 'outbound')))).toHaveLength(0);
    expect(await w.t.db.select().from(conversationNotes).where(eq(conversationNotes.conversationId, policeConvo.id))).toHaveLength(0);
    expect(await w.t.db.select().from(followerTags).where(eq(followerTags.followerId, policeConvo.followerId))).toHaveLength(0);
    expect(await w.t.db.select().from(jobs)).toHaveLength(0);
    expect(customSendCalls(w, 'zhaoqing-police')).toHaveLength(0);
  });

  it('opening by URL (the page’s gate) is a 404 for the other tenant and for ids that do not exist, alike', async () => {
    expect(await conversationForStaff({ db: w.t.db, staff: youth, conversationId: String(policeConvo.id), action: 'inbox.read' })).toBeNull();
    expect(await conversationForStaff({ db: w.t.db, staff: youth, conversationId: '999999', action: 'inbox.read' })).toBeNull();
    expect(await conversationForStaff({ db: w.t.db, staff: youth, conversationId: "1 or 1=1", action: 'inbox.read' })).toBeNull();
    expect(await conversationForStaff({ db: w.t.db, staff: police, conversationId: String(policeConvo.id), action: 'inbox.read' })).not.toBeNull();
  });

  it('the list, search, account filter and live badge never show the other account', async () => {
    const list = await loadInbox({ db: w.t.db, staff: youth, searchParams: { status: 'any' } });
    expect(list?.kind).toBe('list');
    const ids = list!.kind === 'list' ? list!.page.rows.map((r) => r.id) : [];
    expect(ids).toContain(youthConvo.id);
    expect(ids).not.toContain(policeConvo.id);
    const search = await loadInbox({ db: w.t.db, staff: youth, searchParams: { q: '警方私密' } });
    expect(search?.kind === 'search' ? search.page.rows : ['x']).toHaveLength(0);
    const before = await deniedAudits(youth.id);
    expect(await loadInbox({ db: w.t.db, staff: youth, searchParams: { account: 'zhaoqing-police' } })).toBeNull();
    expect(await deniedAudits(youth.id)).toBe(before + 1);
    const own = await loadInbox({ db: w.t.db, staff: police, searchParams: { q: '警方私密' } });
    expect(own?.kind === 'search' ? own.page.rows.length : 0).toBe(1);
  });

  it('fields naming the tenant in the form are refused, not trusted (strict schemas)', async () => {
    const result = await replyCommand({
      db: w.t.db,
      staff: youth,
      input: { conversationId: youthConvo.id, text: '你好', accountId: await accountIdOf(w, 'zhaoqing-police') },
    });
    expect(result.ok).toBe(false);
    expect('fieldErrors' in result).toBe(true);
  });

  it('cannot assign a conversation to a user of another account, nor remove another account’s tag', async () => {
    const assign = await assignCommand({ db: w.t.db, staff: youth, input: { conversationId: youthConvo.id, assigneeId: police.id } });
    expect(assign).toMatchObject({ ok: false, fieldErrors: { assigneeId: expect.any(Array) } });
    const [policeTag] = await w.t.db.select().from(tags).where(eq(tags.name, '机密'));
    const untag = await untagCommand({ db: w.t.db, staff: youth, input: { conversationId: youthConvo.id, tagId: policeTag!.id } });
    expect(untag).toEqual({ ok: false, notFound: true });
  });

  it('platform admins may act on every account; own staff on their own', async () => {
    const admin = await staffOf(w, 'admin@wegov.local');
    expect(await noteCommand({ db: w.t.db, staff: admin, input: { conversationId: policeConvo.id, body: '平台备注' } })).toEqual({ ok: true, data: undefined });
    expect(await noteCommand({ db: w.t.db, staff: youthAgent, input: { conversationId: youthConvo.id, body: '同事备注' } })).toEqual({ ok: true, data: undefined });
    const activity = await inboxActivity({ db: w.t.db, accountIds: [await accountIdOf(w, 'zhongshan-youth')] });
    expect(activity.unread).toBe(1);
  });

  it('internal notes stay with staff: the detail carries them, the citizen-facing API never saw them', async () => {
    const access = await conversationForStaff({ db: w.t.db, staff: youthAgent, conversationId: youthConvo.id, action: 'inbox.read' });
    const detail = await conversationDetail({ db: w.t.db, conversation: access!.conversation });
    expect(detail.notes.map((n) => n.body)).toContain('同事备注');
    expect(customSendCalls(w, 'zhongshan-youth').some((c) => JSON.stringify(c.body).includes('同事备注'))).toBe(false);
  });
});
