import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, memberships, users } from '../../db/schema';
import { accountForStaff, listAccountsForStaff, loadStaff, type Staff } from '../../lib/auth/access';
import { authenticate, LOGIN_MAX_FAILURES } from '../../lib/auth/authenticate';
import { hashPassword } from '../../lib/auth/password';
import { createSeededAppDb } from '../helpers/webhook';
import type { TestDb } from '../helpers/test-db';

let t: TestDb;
let agent: Staff;
let agentId: string;

beforeAll(async () => {
  t = await createSeededAppDb();
  const [youth] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhongshan-youth'));
  const [user] = await t.db
    .insert(users)
    .values({ email: 'agent.youth@wegov.local', name: '客服小王', passwordHash: await hashPassword('agent-password-123') })
    .returning();
  agentId = user!.id;
  await t.db.insert(memberships).values({ userId: agentId, accountId: youth!.id, role: 'agent' });
  agent = (await loadStaff(t.db, agentId, 1))!;
});
afterAll(async () => {
  await t.close();
});

describe('staff sign-in', () => {
  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await authenticate({ db: t.db, email: 'police@wegov.local', password: 'nope', ip: '10.0.0.1' });
    const unknown = await authenticate({ db: t.db, email: 'nobody@wegov.local', password: 'nope', ip: '10.0.0.1' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts the right password, email in any case', async () => {
    const result = await authenticate({ db: t.db, email: ' Police@WeGov.local ', password: 'wegov-demo', ip: '10.0.0.2' });
    expect(result.ok).toBe(true);
  });

  it(`throttles after ${LOGIN_MAX_FAILURES} failures from one address without checking the password, but not from another address`, async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect((await authenticate({ db: t.db, email: 'youth@wegov.local', password: `guess-${i}`, ip: '10.0.0.3' })).ok).toBe(false);
    }
    const blocked = await authenticate({ db: t.db, email: 'youth@wegov.local', password: 'wegov-demo', ip: '10.0.0.3' });
    expect(blocked).toEqual({ ok: false, reason: 'throttled' });
    const elsewhere = await authenticate({ db: t.db, email: 'youth@wegov.local', password: 'wegov-demo', ip: '10.0.0.4' });
    expect(elsewhere.ok).toBe(true);
  });

  it('refuses disabled users and sessions older than the last logout-everywhere', async () => {
    const [user] = await t.db.select().from(users).where(eq(users.email, 'youth@wegov.local'));
    expect(await loadStaff(t.db, user!.id, user!.sessionVersion)).not.toBeNull();
    await t.db.update(users).set({ sessionVersion: user!.sessionVersion + 1 }).where(eq(users.id, user!.id));
    expect(await loadStaff(t.db, user!.id, user!.sessionVersion)).toBeNull();
    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user!.id));
    expect(await loadStaff(t.db, user!.id, user!.sessionVersion + 1)).toBeNull();
    expect((await authenticate({ db: t.db, email: 'youth@wegov.local', password: 'wegov-demo', ip: '10.0.0.5' })).ok).toBe(false);
  });
});

describe('the tenant gate', () => {
  it("gives an agent their own account and nothing of another account's, auditing the attempt", async () => {
    expect((await listAccountsForStaff(t.db, agent)).map((a) => a.account.slug)).toEqual(['zhongshan-youth']);
    const own = await accountForStaff({ db: t.db, staff: agent, slug: 'zhongshan-youth', action: 'account.view' });
    expect(own?.role).toBe('agent');
    expect(await accountForStaff({ db: t.db, staff: agent, slug: 'zhaoqing-police', action: 'account.view' })).toBeNull();
    const [police] = await t.db.select().from(accounts).where(eq(accounts.slug, 'zhaoqing-police'));
    expect(await accountForStaff({ db: t.db, staff: agent, accountId: police!.id, action: 'account.view' })).toBeNull();
    expect(await accountForStaff({ db: t.db, staff: agent, accountId: "x' or '1'='1", action: 'account.view' })).toBeNull();
    const denied = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, agentId), eq(auditLog.action, 'access.denied')));
    expect(denied.length).toBe(3);
  });

  it('refuses a role below the one an action needs', async () => {
    expect(await accountForStaff({ db: t.db, staff: agent, slug: 'zhongshan-youth', action: 'events.edit' })).toBeNull();
  });

  it('lets a platform admin act on every account', async () => {
    const [admin] = await t.db.select().from(users).where(eq(users.email, 'admin@wegov.local'));
    const staff = (await loadStaff(t.db, admin!.id, admin!.sessionVersion))!;
    expect((await accountForStaff({ db: t.db, staff, slug: 'zhaoqing-police', action: 'events.roster.phones' }))?.role).toBe('platform_admin');
  });
});
