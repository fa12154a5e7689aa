import type { Db } from '../../db/client';
import { auditLog } from '../../db/schema';

export interface AuditEntry {
  db: Db;
  action: string;
  actorId?: string | null;
  accountId?: string | null;
  entityType?: string;
  entityId?: string | number;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Who did what to which record, when and from where. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await entry.db.insert(auditLog).values({
    action: entry.action,
    actorId: entry.actorId ?? null,
    accountId: entry.accountId ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    detail: entry.detail ?? null,
    ip: entry.ip ?? null,
  });
}
