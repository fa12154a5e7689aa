import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, memberships, users, type MemberRole } from '../../db/schema';
import type { Staff } from '../../lib/auth/access';
import { signOutEverywhereCommand } from '../../lib/auth/me-commands';
import { can, type Role } from '../../lib/auth/permissions';
import type { CommandContext, CommandResult, StaffCommand } from '../../lib/auth/staff-command';
import { addDomainClaimCommand, resolveReportCommand } from '../../lib/directory/report-commands';
import * as eventCommands from '../../lib/events/admin-commands';
import { noteCommand, panelCommand, replyCommand, tagCommand } from '../../lib/inbox/commands';
import { publishedEvent } from './events-fixtures';
import { accountIdOf, citizenWrites, conversationOf, createInboxWorld, staffOf, type InboxWorld } from './inbox-fixtures';

/**
 * Every staff command against every role, decided by the permission table alone
 * (lib/auth/permissions.ts; docs/admin.md "Roles and permissions"): a role the table refuses
 * gets the same 404 as another tenant's record, an `access.denied` audit row naming the action,
 * and nothing changes; a role it allows gets past the gate.
 */
let w: InboxWorld;
const members = {} as Record<Role, Staff>;
let conversationId: number;

async function addMember(role: MemberRole): Promise<Staff> {
  const email = `${role}@perms.local`;
  const [u] = await w.t.db.insert(users).values({ email, name: role, passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: u!.id, accountId: await accountIdOf(w, 'zhongshan-youth'), role });
  return { id: u!.id, email, name: role, isPlatformAdmin: false, locale: 'zh-CN' };
}

beforeAll(async () => {
  w = await createInboxWorld();
  for (const role of ['account_admin', 'editor', 'reviewer', 'agent'] as const) members[role] = await addMember(role);
  members.platform_admin = await staffOf(w, 'admin@wegov.local');
  await citizenWrites(w, 'zhongshan-youth', 'oPermsCitizen', '权限测试');
  conversationId = (await conversationOf(w, 'zhongshan-youth', 'oPermsCitizen')).id;
});
afterAll(async () => {
  await w.close();
});

async function deniedFor(staff: Staff, action: string): Promise<number> {
  const rows = await w.t.db.select().from(auditLog).where(and(eq(auditLog.actorId, staff.id), eq(auditLog.action, 'access.denied')));
  return rows.filter((r) => (r.detail as { permission?: string } | null)?.permission === action).length;
}

const later = (hours: number) => {
  const d = new Date(Date.now() + hours * 3600_000 + 8 * 3600_000);
  return d.toISOString().slice(0, 16);
};

type Attempt = { name: string; command: StaffCommand<unknown, never>; run: (staff: Staff) => Promise<CommandResult<unknown>> };
const ctx = (staff: Staff, input: Record<string, unknown>) => ({ db: w.t.db, staff, input }) satisfies CommandContext;

/** A fresh event per attempt, so an allowed cancel does not change what the next role sees. */
const onEvent = (name: string, command: StaffCommand<unknown>, input: (eventId: number) => Record<string, unknown>): Attempt => ({
  name,
  command,
  run: async (staff) => command(ctx(staff, input((await publishedEvent(w, 'zhongshan-youth')).id))),
});

const attempts: Attempt[] = [
  {
    name: 'create event',
    command: eventCommands.createEventCommand,
    run: (staff) => eventCommands.createEventCommand(ctx(staff, { account: 'zhongshan-youth', title: '权限活动', startsAt: later(48), endsAt: later(50) })),
  },
  onEvent('edit event', eventCommands.updateEventCommand, (eventId) => ({ eventId, title: '改名' })),
  {
    name: 'publish event',
    command: eventCommands.publishEventCommand as StaffCommand<unknown, never>,
    run: async (staff) => eventCommands.publishEventCommand({ ...ctx(staff, { eventId: (await publishedEvent(w, 'zhongshan-youth')).id }), config: w.config }),
  },
  onEvent('postpone event', eventCommands.postponeEventCommand, (eventId) => ({ eventId, startsAt: later(96), endsAt: later(98) })),
  onEvent('cancel event', eventCommands.cancelEventCommand, (eventId) => ({ eventId })),
  onEvent('recap event', eventCommands.outcomeEventCommand, (eventId) => ({ eventId, outcomeNote: '回顾' })),
  onEvent('thank attendees', eventCommands.thankAttendeesCommand, (eventId) => ({ eventId })),
  onEvent('check in', eventCommands.checkInRegistrationCommand, (eventId) => ({ eventId, registrationId: 999_999 })),
  onEvent('promote', eventCommands.promoteRegistrationCommand, (eventId) => ({ eventId, registrationId: 999_999 })),
  onEvent('remove registration', eventCommands.removeRegistrationCommand, (eventId) => ({ eventId, registrationId: 999_999 })),
  { name: 'reply', command: replyCommand, run: (staff) => replyCommand(ctx(staff, { conversationId, text: `回复 ${staff.name}` })) },
  { name: 'note', command: noteCommand, run: (staff) => noteCommand(ctx(staff, { conversationId, body: '备注' })) },
  { name: 'tag', command: tagCommand, run: (staff) => tagCommand(ctx(staff, { conversationId, tagName: '权限' })) },
  { name: 'triage', command: panelCommand, run: (staff) => panelCommand(ctx(staff, { conversationId, remark: '', status: 'open', assigneeId: '' })) },
  { name: 'resolve a report', command: resolveReportCommand, run: (staff) => resolveReportCommand(ctx(staff, { id: 999_999, decision: 'dismissed' })) },
  { name: 'add a domain', command: addDomainClaimCommand, run: (staff) => addDomainClaimCommand(ctx(staff, { slug: 'zhongshan-youth', domain: 'perms.example.gov.cn' })) },
  { name: 'sign out everywhere', command: signOutEverywhereCommand, run: (staff) => signOutEverywhereCommand(ctx(staff, {})) },
];

describe('each command is allowed exactly to the roles the table gives its action', () => {
  for (const attempt of attempts) {
    for (const role of ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const) {
      const allowed = can(role, attempt.command.action);
      it(`${attempt.name} (${attempt.command.action}) as ${role}: ${allowed ? 'allowed' : '404, audited'}`, async () => {
        const staff = members[role];
        const before = await deniedFor(staff, attempt.command.action);
        const result = await attempt.run(staff);
        if (allowed) {
          expect(await deniedFor(staff, attempt.command.action)).toBe(before);
        } else {
          expect(result).toEqual({ ok: false, notFound: true });
          expect(await deniedFor(staff, attempt.command.action)).toBe(before + 1);
        }
      });
    }
  }

  it('keeps the rules staff had: an agent and a reviewer answer citizens, and an agent cannot change an event', async () => {
    expect(can('agent', 'inbox.reply') && can('reviewer', 'inbox.reply')).toBe(true);
    const event = await publishedEvent(w, 'zhongshan-youth');
    expect(await eventCommands.cancelEventCommand(ctx(members.agent, { eventId: event.id }))).toEqual({ ok: false, notFound: true });
    const [after] = await w.t.db.select().from(events).where(eq(events.id, event.id));
    expect(after!.status).toBe('published');
    const [audit] = await w.t.db.select().from(auditLog).where(eq(auditLog.actorId, members.agent.id)).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toMatchObject({ action: 'access.denied', detail: expect.objectContaining({ permission: 'events.publish' }) });
  });
});
