import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, users } from '../../db/schema';
import { displayIp, listAccountAudit, listPlatformAudit, summarizeDetail, type AuditFilters } from '../../lib/audit/list';
import { staffFromUser, type Staff } from '../../lib/auth/access';
import { listQuarantined, QUARANTINE_PREVIEW_CHARS } from '../../lib/inbox/quarantine';
import { composeInboundRequest } from '../../lib/wechat/compose';
import { accountIdBySlug, demoCredentials, nowSeconds, openWebhookWorld, pushRequest } from '../helpers/webhook';

/** Issue 12 §4: the audit log viewer and the quarantine list (docs/admin.md "Audit log and quarantine"). */
let w: Awaited<ReturnType<typeof openWebhookWorld>>;
let admin: Staff;
let youth: Staff;
let police: Staff;
let youthAgent: Staff;
let youthId: string;
let policeId: string;

async function staffOf(email: string): Promise<Staff> {
  const [u] = await w.t.db.select().from(users).where(eq(users.email, email));
  return staffFromUser(u!);
}

beforeAll(async () => {
  w = await openWebhookWorld();
  [admin, youth, police] = await Promise.all(['admin@wegov.local', 'youth@wegov.local', 'police@wegov.local'].map(staffOf)) as [Staff, Staff, Staff];
  youthId = await accountIdBySlug(w.t.db, 'zhongshan-youth');
  policeId = await accountIdBySlug(w.t.db, 'zhaoqing-police');
  const [agent] = await w.t.db.insert(users).values({ email: 'agent@youth.local', name: '团委 坐席', passwordHash: 'x' }).returning();
  await w.t.db.insert(memberships).values({ userId: agent!.id, accountId: youthId, role: 'agent' });
  youthAgent = { id: agent!.id, email: agent!.email, name: agent!.name, isPlatformAdmin: false, locale: 'zh-CN' };

  // 中山青年: 12 rows sharing one instant, 12 a microsecond apart inside one millisecond (a JS Date
  // cursor would lose or repeat them), and 12 spread over two Shanghai days for the date filter.
  const tie = new Date('2026-03-05T02:00:00.000Z');
  const rows: Array<typeof auditLog.$inferInsert> = [];
  for (let i = 0; i < 12; i++) rows.push({ at: tie, accountId: youthId, actorId: youth.id, action: 'event.update', entityType: 'event', entityId: String(i), ip: '203.0.113.7' });
  await w.t.db.insert(auditLog).values(rows);
  for (let i = 0; i < 12; i++) {
    await w.t.db.execute(
      `insert into audit_log (at, account_id, actor_id, action) values ('2026-03-05 01:00:00.0001${String(i).padStart(2, '0')}+00', '${youthId}', '${youth.id}', 'inbox.reply')`,
    );
  }
  const spread: Array<typeof auditLog.$inferInsert> = [];
  for (let i = 0; i < 6; i++) spread.push({ at: new Date(`2026-03-01T15:${10 + i}:00Z`), accountId: youthId, actorId: youth.id, action: 'inbox.note' }); // 1 Mar, 23:1x Shanghai
  for (let i = 0; i < 6; i++) spread.push({ at: new Date(`2026-03-01T16:${10 + i}:00Z`), accountId: youthId, actorId: admin.id, action: 'event.publish' }); // 2 Mar, 00:1x Shanghai
  await w.t.db.insert(auditLog).values(spread);
  // 平安肇庆's own rows, which no 中山青年 list may show.
  await w.t.db.insert(auditLog).values(
    Array.from({ length: 5 }, (_, i) => ({ at: tie, accountId: policeId, actorId: police.id, action: 'inbox.reply', detail: { secretNote: `police-${i}` } })),
  );
}, 60_000);
afterAll(async () => {
  await w.close();
});

async function allPages(staff: Staff, filters: AuditFilters, limit: number) {
  const ids: number[] = [];
  const keys: Array<[number, number]> = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round++) {
    const page = await listAccountAudit({ db: w.t.db, staff, slug: 'zhongshan-youth', filters: { ...filters, cursor }, limit });
    if (!page) throw new Error('denied');
    for (const row of page.rows) {
      ids.push(row.id);
      keys.push([row.at.getTime(), row.id]);
    }
    if (!page.nextCursor) return { ids, keys, rounds: round + 1 };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('the account audit log', () => {
  it('pages through every row of the account exactly once, newest first, across ties on `at`', async () => {
    const expected = (await w.t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.accountId, youthId))).map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThanOrEqual(36);
    const { ids, keys, rounds } = await allPages(youth, {}, 5);
    expect(rounds).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    for (let i = 1; i < keys.length; i++) {
      const [prevAt, prevId] = keys[i - 1]!;
      const [at, id] = keys[i]!;
      expect(at < prevAt || (at === prevAt && id < prevId)).toBe(true);
    }
  });

  it('keeps the microsecond rows apart: 12 inbox replies inside one millisecond, none lost or repeated', async () => {
    const { ids } = await allPages(youth, { action: 'inbox.reply' }, 5);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('joins the actor, filters by action prefix, by actor and by Shanghai day', async () => {
    const events = await allPages(youth, { action: 'event.' }, 50);
    expect(events.ids).toHaveLength(18);
    const first = await listAccountAudit({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', filters: { action: 'event.update' } });
    expect(first!.rows[0]).toMatchObject({ actorEmail: 'youth@wegov.local', actorName: youth.name, action: 'event.update', ip: '203.0.113.7' });

    const byAdmin = await listAccountAudit({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', filters: { actor: '平台管理' } });
    expect(byAdmin!.rows.map((r) => r.action)).toEqual(Array(6).fill('event.publish'));
    // LIKE wildcards typed by a user are plain characters.
    expect((await listAccountAudit({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', filters: { actor: '%' } }))!.rows).toEqual([]);

    // 2 March in Shanghai starts at 16:00 UTC on 1 March: the 23:1x rows belong to 1 March.
    const second = await allPages(youth, { from: '2026-03-02', to: '2026-03-02' }, 50);
    expect(second.ids).toHaveLength(6);
    const first1 = await listAccountAudit({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', filters: { from: '2026-03-01', to: '2026-03-01' } });
    expect(first1!.rows.map((r) => r.action)).toEqual(Array(6).fill('inbox.note'));
  });

  it('never shows another account’s rows, and answers null to strangers, agents and unknown slugs', async () => {
    const { ids } = await allPages(youth, {}, 100);
    const foreign = (await w.t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.accountId, policeId))).map((r) => Number(r.id));
    expect(foreign.length).toBeGreaterThanOrEqual(5);
    expect(ids.filter((id) => foreign.includes(id))).toEqual([]);

    expect(await listAccountAudit({ db: w.t.db, staff: police, slug: 'zhongshan-youth', filters: {} })).toBeNull();
    expect(await listAccountAudit({ db: w.t.db, staff: youthAgent, slug: 'zhongshan-youth', filters: {} })).toBeNull();
    expect(await listAccountAudit({ db: w.t.db, staff: youth, slug: 'no-such-account', filters: {} })).toBeNull();
    // A platform admin may read any account's log.
    expect((await listAccountAudit({ db: w.t.db, staff: admin, slug: 'zhaoqing-police', filters: {} }))!.rows.length).toBeGreaterThanOrEqual(5);
  });

  it('ignores a forged or malformed cursor and filters instead of failing', async () => {
    for (const cursor of ["'; drop table audit_log; --", '2026-13-40T99:99:99.000000Z~1', 'x~y']) {
      const page = await listAccountAudit({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', filters: { cursor }, limit: 3 });
      expect(page!.rows).toHaveLength(3);
    }
  });
});

describe('the platform audit log', () => {
  it('is for platform admins only and spans every account and the sign-ins', async () => {
    expect(await listPlatformAudit({ db: w.t.db, staff: youth, filters: {} })).toBeNull();
    expect(await listPlatformAudit({ db: w.t.db, staff: police, filters: {} })).toBeNull();
    const page = await listPlatformAudit({ db: w.t.db, staff: admin, filters: { action: 'inbox.reply' }, limit: 100 });
    const accounts = new Set(page!.rows.map((r) => r.accountId));
    expect(accounts).toEqual(new Set([youthId, policeId]));
    await w.t.db.insert(auditLog).values({ action: 'login.succeeded', actorId: police.id, ip: '198.51.100.9' });
    const logins = await listPlatformAudit({ db: w.t.db, staff: admin, filters: { action: 'login.' } });
    expect(logins!.rows[0]).toMatchObject({ accountId: null, actorEmail: 'police@wegov.local' });
  });
});

describe('what a row shows', () => {
  it('masks the device part of an address for account admins only', () => {
    expect(displayIp('203.0.113.7', false)).toBe('203.0.113.*');
    expect(displayIp('2001:db8:85a3:8d3:1319:8a2e:370:7348', false)).toBe('2001:db8:85a3:*');
    expect(displayIp('203.0.113.7', true)).toBe('203.0.113.7');
    expect(displayIp(null, false)).toBeNull();
  });

  it('summarises detail as short top-level values and never shows credential-like keys', () => {
    const summary = summarizeDetail({ reason: 'x'.repeat(100), appSecret: 'S3CRET', token: 'tok', count: 3, list: [1, 2], nested: { a: 1 } });
    expect(summary).toEqual([
      { key: 'reason', value: `${'x'.repeat(40)}…` },
      { key: 'appSecret', value: '•••' },
      { key: 'token', value: '•••' },
      { key: 'count', value: '3' },
      { key: 'list', value: '[2]' },
      { key: 'nested', value: '{…}' },
    ]);
    expect(JSON.stringify(summary)).not.toContain('S3CRET');
  });
});

describe('quarantined payloads', () => {
  /** An authenticated (encrypted, signed) push to 中山青年 whose inner XML is broken. */
  async function brokenPush(xml: string) {
    const credentials = demoCredentials('zhongshan-youth');
    const { query, body } = composeInboundRequest({ credentials, xml, encrypt: true, timestamp: String(nowSeconds()), nonce: String(randomBytes(4).readUInt32BE()) });
    const response = await w.webhook.send(pushRequest({ url: `http://localhost/api/wechat/zhongshan-youth?${query}`, body }));
    expect(response.status).toBe(200);
  }

  it('lists the account’s unparseable pushes with their reason, the long one cut to a preview', async () => {
    await brokenPush('<xml><ToUserName>gh_x</ToUserName><MsgType>text</MsgType><Content><b>未闭合');
    await brokenPush(`<xml><Content>${'长'.repeat(5000)}</Content>`);
    const list = await listQuarantined({ db: w.t.db, staff: youth, slug: 'zhongshan-youth' });
    expect(list!.rows).toHaveLength(2);
    const [long, short] = list!.rows;
    expect(short!.reason).toBe('malformed_xml');
    expect(short!.preview).toContain('<b>未闭合');
    expect(long!.preview).toHaveLength(QUARANTINE_PREVIEW_CHARS);
    expect(long!.length).toBeGreaterThan(5000);
    const paged = await listQuarantined({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', limit: 1 });
    expect(paged!.rows.map((r) => r.id)).toEqual([long!.id]);
    const next = await listQuarantined({ db: w.t.db, staff: youth, slug: 'zhongshan-youth', limit: 1, before: paged!.nextBefore! });
    expect(next!.rows.map((r) => r.id)).toEqual([short!.id]);
  });

  it('is per account and for account admins only', async () => {
    expect((await listQuarantined({ db: w.t.db, staff: police, slug: 'zhaoqing-police' }))!.rows).toEqual([]);
    expect(await listQuarantined({ db: w.t.db, staff: police, slug: 'zhongshan-youth' })).toBeNull();
    expect(await listQuarantined({ db: w.t.db, staff: youthAgent, slug: 'zhongshan-youth' })).toBeNull();
    expect((await listQuarantined({ db: w.t.db, staff: admin, slug: 'zhongshan-youth' }))!.rows).toHaveLength(2);
  });
});
