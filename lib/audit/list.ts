import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { auditLog, users } from '../../db/schema';
import { accountForStaff, platformForStaff, type Staff } from '../auth/access';

export const AUDIT_PAGE_SIZE = 25;

/**
 * The viewer's filters, as they come from the query string. Anything malformed is dropped rather
 * than refused: a hand-edited URL shows the unfiltered list, never a 500 (docs/admin.md).
 */
export const AuditFilters = z.object({
  action: z.string().trim().max(60).optional().catch(undefined),
  actor: z.string().trim().max(100).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  cursor: z.string().max(80).optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  accountId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  entityType: string | null;
  entityId: string | null;
  detail: unknown;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One account's log, for an account admin of it or a platform admin; null otherwise (the caller
 * answers 404, so nothing confirms that the account exists). The refusal is audited by the gate.
 */
export async function listAccountAudit(args: { db: Db; staff: Staff; slug: string; filters: AuditFilters; ip?: string | null; limit?: number }): Promise<AuditPage | null> {
  const access = await accountForStaff({ db: args.db, staff: args.staff, slug: args.slug, action: 'audit.view', ip: args.ip });
  if (!access) return null;
  return queryAudit(args.db, eq(auditLog.accountId, access.account.id), args.filters, args.limit);
}

/** Every row of the platform (sign-ins, platform actions, every account): platform admins only. */
export async function listPlatformAudit(args: { db: Db; staff: Staff; filters: AuditFilters; ip?: string | null; limit?: number }): Promise<AuditPage | null> {
  if (!(await platformForStaff({ db: args.db, staff: args.staff, action: 'audit.view_platform', ip: args.ip }))) return null;
  return queryAudit(args.db, undefined, args.filters, args.limit);
}

/**
 * Keyset pagination by (at desc, id desc): `id` breaks ties on `at`, so no row is shown twice or
 * skipped when several share a timestamp or rows arrive while someone pages. The cursor carries
 * `at` to the microsecond as PostgreSQL keeps it (a JS Date would round to milliseconds and lose
 * or repeat rows). One account's pages walk audit_log_account_at_idx (account_id, at).
 */
async function queryAudit(db: Db, scope: SQL | undefined, filters: AuditFilters, limit = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where: Array<SQL | undefined> = [scope];
  if (filters.action) where.push(ilike(auditLog.action, `${escapeLike(filters.action)}%`));
  if (filters.actor) {
    const pattern = `%${escapeLike(filters.actor)}%`;
    where.push(or(ilike(users.email, pattern), ilike(users.name, pattern)));
  }
  // Dates are days in Asia/Shanghai (UTC+8, no daylight saving): `to` includes its whole day.
  if (filters.from) where.push(gte(auditLog.at, shanghaiMidnight(filters.from, 0)));
  if (filters.to) where.push(lt(auditLog.at, shanghaiMidnight(filters.to, 1)));
  const cursor = parseCursor(filters.cursor);
  if (cursor) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);

  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      atExact: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      action: auditLog.action,
      accountId: auditLog.accountId,
      actorName: users.name,
      actorEmail: users.email,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      detail: auditLog.detail,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ atExact: _, ...row }) => ({ ...row, id: Number(row.id) })),
    nextCursor: rows.length > limit && last ? `${last.atExact}~${Number(last.id)}` : null,
  };
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~(\d{1,18})$/;

function parseCursor(raw: string | undefined): { at: string; id: number } | null {
  const match = raw ? CURSOR.exec(raw) : null;
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { at: match[1]!, id: Number(match[2]) };
}

function shanghaiMidnight(day: string, addDays: number): Date {
  const date = new Date(`${day}T00:00:00+08:00`);
  if (Number.isNaN(date.getTime())) return new Date(0);
  return new Date(date.getTime() + addDays * 86_400_000);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * "From where" for the reader: platform admins see the full address (they investigate incidents
 * across accounts); an account admin sees the network, not the device — the last IPv4 octet or
 * all but the first three IPv6 groups hidden — because the per-account log also lists sign-in
 * attempts by other accounts' staff, and an address is personal information (PIPL).
 */
export function displayIp(ip: string | null, full: boolean): string | null {
  if (!ip) return null;
  if (full) return ip;
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.*`;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}:*`;
  return '*';
}

const SECRET_KEY = /secret|token|password|passwd|aes|key|cookie|session|sign/i;
const MAX_VALUE = 40;
const MAX_KEYS = 6;

/**
 * A short, safe summary of `detail`: the writers (lib/audit/record.ts callers) put ids, counts and
 * reasons there, but nothing stops one from adding more, so only top-level keys are shown, values
 * are cut short, nested values become a count, and anything whose key sounds like a credential is
 * never shown at all.
 */
export function summarizeDetail(detail: unknown): Array<{ key: string; value: string }> {
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return [];
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, value]) => value !== undefined && value !== null)
    .slice(0, MAX_KEYS)
    .map(([key, value]) => ({ key: key.slice(0, MAX_VALUE), value: SECRET_KEY.test(key) ? '•••' : shortValue(value) }));
}

function shortValue(value: unknown): string {
  if (typeof value === 'string') return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  return '{…}';
}
