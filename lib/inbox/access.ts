import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversations, type Conversation } from '../../db/schema';
import { accountForStaff, type AccountAccess, type Staff } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { recordAudit } from '../audit/record';

export interface ConversationAccess extends AccountAccess {
  conversation: Conversation;
}

/**
 * A conversation the staff member may act on, through the tenant gate (accountForStaff): the
 * conversation's own account decides, never an account id from the request. Another tenant's
 * conversation and a missing one give the same null (→ 404), and both are audited (docs/reliability.md F1, F2).
 */
export async function conversationForStaff(args: {
  db: Db;
  staff: Staff;
  conversationId: unknown;
  action: AccountAction;
  ip?: string | null;
}): Promise<ConversationAccess | null> {
  const id = toId(args.conversationId);
  const [conversation] = id === null ? [] : await args.db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
  if (!conversation) {
    await recordAudit({
      db: args.db,
      actorId: args.staff.id,
      action: 'access.denied',
      entityType: 'conversation',
      entityId: String(args.conversationId).slice(0, 40),
      ip: args.ip ?? null,
    });
    return null;
  }
  const access = await accountForStaff({ db: args.db, staff: args.staff, accountId: conversation.accountId, action: args.action, ip: args.ip });
  if (!access) return null;
  return { ...access, conversation };
}

/** Ids arrive from URLs and forms: only a positive safe integer is an id, anything else is "not found". */
export function toId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-9]\d{0,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
