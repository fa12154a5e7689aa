import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cannedReplies } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { can, type Role } from '../../lib/auth/permissions';
import type { CommandContext, CommandResult, StaffCommand } from '../../lib/auth/staff-command';
import { createCannedReplyCommand, deleteCannedReplyCommand, listCannedReplies, moveCannedReplyCommand, updateCannedReplyCommand } from '../../lib/canned/canned-replies';
import { conversationDetail } from '../../lib/inbox/detail';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';
import { deniedCount, EVERY_ROLE, membersOfEveryRole } from './role-fixtures';

/**
 * Canned replies on a real database (PGlite or PostgreSQL, TEST_DB): create, edit, reorder,
 * delete, each audited; the inbox composer offers them in that order; what each role may do; and
 * another account's ids are a 404 that changes nothing.
 */
let w: InboxWorld;
let members: Record<Role, Staff>;
let youth: Staff;
let police: Staff;
let youthId: string;

beforeAll(async () => {
  w = await createInboxWorld();
  youthId = await accountIdOf(w, 'zhongshan-youth');
  members = await membersOfEveryRole(w, 'zhongshan-youth', 'canned');
  youth = await staffOf(w, 'youth@wegov.local');
  police = await staffOf(w, 'police@wegov.local');
});
afterAll(async () => {
  await w.close();
});

const ctx = (staff: Staff, input: Record<string, unknown>) => ({ db: w.t.db, staff, input }) satisfies CommandContext;
const titles = async () => (await listCannedReplies(w.t.db, youthId)).map((c) => c.title);

async function create(title: string, staff = youth): Promise<number> {
  const r = await createCannedReplyCommand(ctx(staff, { account: 'zhongshan-youth', title, body: `${title}的内容` }));
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
}

describe('canned replies', () => {
  it('adds at the end, edits, moves up and down, deletes, each audited', async () => {
    const seeded = await titles();
    const a = await create('甲');
    const b = await create('乙');
    expect(await titles()).toEqual([...seeded, '甲', '乙']);

    expect(await moveCannedReplyCommand(ctx(youth, { cannedId: String(b), direction: 'up' }))).toEqual({ ok: true, data: { moved: true } });
    expect(await titles()).toEqual([...seeded, '乙', '甲']);
    // At an end a move changes nothing and says so.
    expect(await moveCannedReplyCommand(ctx(youth, { cannedId: String(a), direction: 'down' }))).toEqual({ ok: true, data: { moved: false } });
    expect(await moveCannedReplyCommand(ctx(youth, { cannedId: String(a), direction: 'up' }))).toEqual({ ok: true, data: { moved: true } });
    expect(await titles()).toEqual([...seeded, '甲', '乙']);
    // Positions are renumbered 0, 1, 2… so ties the seed left are gone.
    expect((await listCannedReplies(w.t.db, youthId)).map((c) => c.position)).toEqual([...seeded, '甲', '乙'].map((_, i) => i));

    expect(await updateCannedReplyCommand(ctx(youth, { cannedId: String(a), title: '甲改', body: '新内容' }))).toEqual({ ok: true, data: undefined });
    expect((await listCannedReplies(w.t.db, youthId)).find((c) => c.id === a)).toMatchObject({ title: '甲改', body: '新内容' });
    expect(await deleteCannedReplyCommand(ctx(youth, { cannedId: String(b) }))).toEqual({ ok: true, data: undefined });
    expect(await titles()).toEqual([...seeded, '甲改']);

    const audit = await w.t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'canned_reply'), eq(auditLog.actorId, youth.id)));
    expect(audit.map((r) => `${r.action} ${r.entityId}`)).toEqual([
      `canned_reply.create ${a}`,
      `canned_reply.create ${b}`,
      `canned_reply.move ${b}`,
      `canned_reply.move ${a}`,
      `canned_reply.update ${a}`,
      `canned_reply.delete ${b}`,
    ]);
  });

  it('refuses an empty or too long reply at its field, and fields it does not know', async () => {
    expect(await createCannedReplyCommand(ctx(youth, { account: 'zhongshan-youth', title: ' ', body: 'x'.repeat(601) }))).toEqual({ ok: false, fieldErrors: { title: ['required'], body: ['too_long'] } });
    expect(await createCannedReplyCommand(ctx(youth, { account: 'zhongshan-youth', title: 't', body: 'b', position: '0' }))).toMatchObject({ ok: false, fieldErrors: {} });
    expect(await moveCannedReplyCommand(ctx(youth, { cannedId: String(await create('丙')), direction: 'sideways' }))).toMatchObject({ ok: false, fieldErrors: { direction: expect.any(Array) } });
  });

  it('the inbox composer offers them in the order staff chose', async () => {
    await citizenWrites(w, 'zhongshan-youth', 'oCannedOrder', '你好');
    const conversation = await conversationOf(w, 'zhongshan-youth', 'oCannedOrder');
    const last = (await listCannedReplies(w.t.db, youthId)).at(-1)!;
    for (let i = 0; i < 20 && (await titles())[0] !== last.title; i++) await moveCannedReplyCommand(ctx(youth, { cannedId: String(last.id), direction: 'up' }));
    const detail = await conversationDetail({ db: w.t.db, conversation });
    expect(detail!.canned.map((c) => c.title)).toEqual(await titles());
    expect(detail!.canned[0]!.title).toBe(last.title);
  });
});

describe('tenant isolation', () => {
  it("another account's canned reply ids answer 404 for every command, and nothing changes", async () => {
    const id = await create('丁');
    const before = await listCannedReplies(w.t.db, youthId);
    const attempts = [
      () => updateCannedReplyCommand(ctx(police, { cannedId: String(id), title: 'hacked', body: 'hacked' })),
      () => moveCannedReplyCommand(ctx(police, { cannedId: String(id), direction: 'up' })),
      () => deleteCannedReplyCommand(ctx(police, { cannedId: String(id) })),
      () => createCannedReplyCommand(ctx(police, { account: 'zhongshan-youth', title: 'x', body: 'y' })),
      () => deleteCannedReplyCommand(ctx(police, { cannedId: '999999999' })),
      () => updateCannedReplyCommand(ctx(police, { cannedId: '-1', title: 'x', body: 'y' })),
    ];
    for (const run of attempts) expect(await run()).toEqual({ ok: false, notFound: true });
    expect(await listCannedReplies(w.t.db, youthId)).toEqual(before);
    expect(await deniedCount(w, police, 'canned.edit')).toBe(4);
  });
});

type Attempt = { name: string; command: StaffCommand<unknown, never>; run: (staff: Staff) => Promise<CommandResult<unknown>> };
const onCanned = (name: string, command: StaffCommand<unknown>, input: (cannedId: string) => Record<string, unknown>): Attempt => ({
  name,
  command,
  run: async (staff) => command(ctx(staff, input(String(await create(`角色 ${name}`))))),
});

const attempts: Attempt[] = [
  { name: 'create', command: createCannedReplyCommand, run: (staff) => createCannedReplyCommand(ctx(staff, { account: 'zhongshan-youth', title: staff.name, body: 'b' })) },
  onCanned('edit', updateCannedReplyCommand, (cannedId) => ({ cannedId, title: '改', body: '改' })),
  onCanned('move', moveCannedReplyCommand, (cannedId) => ({ cannedId, direction: 'up' })),
  onCanned('delete', deleteCannedReplyCommand, (cannedId) => ({ cannedId })),
];

describe('each canned reply command is allowed exactly to the roles the table gives its action', () => {
  for (const attempt of attempts) {
    for (const role of EVERY_ROLE) {
      const allowed = can(role, attempt.command.action);
      it(`${attempt.name} (${attempt.command.action}) as ${role}: ${allowed ? 'allowed' : '404, audited'}`, async () => {
        const staff = members[role];
        const before = (await w.t.db.select().from(cannedReplies)).length;
        const result = await attempt.run(staff);
        if (allowed) expect(result.ok).toBe(true);
        else {
          expect(result).toEqual({ ok: false, notFound: true });
          // Only the reply made for the attempt is there; the refused command added or removed nothing.
          expect((await w.t.db.select().from(cannedReplies)).length).toBe(attempt.name === 'create' ? before : before + 1);
        }
      });
    }
  }
});
