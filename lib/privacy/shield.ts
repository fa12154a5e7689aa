import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { messages, type Message } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { can, type Role } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandResult } from '../auth/staff-command';
import { conversationForStaff } from '../inbox/access';
import { hasPii, maskPii } from './pii';

/** Roles allowed `inbox.pii.view` see citizens' numbers as written; everyone else masked. */
export function seesPii(role: Role): boolean {
  return can(role, 'inbox.pii.view');
}

/** The fields of an inbound payload that carry what the citizen wrote or said. */
const TEXT_FIELDS = ['Content', 'Recognition', 'Label', 'Title', 'Description'] as const;

/** A citizen's message with its personal numbers masked; staff messages and others are returned as they are. */
export function shieldMessage(message: Message): Message {
  if (message.direction !== 'inbound') return message;
  const payload = { ...(message.payload as Record<string, unknown>) };
  for (const field of TEXT_FIELDS) if (typeof payload[field] === 'string') payload[field] = maskPii(payload[field]);
  return { ...message, content: message.content === null ? null : maskPii(message.content), payload };
}

/** Whether a message holds a number a masked view hides (so the page offers to reveal it). */
export function messageHasPii(message: Message): boolean {
  if (message.direction !== 'inbound') return false;
  const payload = message.payload as Record<string, unknown>;
  return hasPii(message.content) || TEXT_FIELDS.some((f) => typeof payload[f] === 'string' && hasPii(payload[f]));
}

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const RevealInput = z.strictObject({ conversationId: id, messageId: id, reason: z.string().trim().min(4).max(200) });

/**
 * Shows one citizen message as written to a role that normally sees it masked. The reason is
 * required and goes to the audit log with the message id — never the number itself.
 */
export const revealPiiCommand = staffCommand('inbox.pii.reveal', async (ctx): Promise<CommandResult<{ messageId: number; text: string }>> => {
  const raw = (typeof ctx.input === 'object' && ctx.input !== null ? (ctx.input as Record<string, unknown>) : {}).conversationId;
  const access = await conversationForStaff({ db: ctx.db, staff: ctx.staff, conversationId: raw, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = RevealInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const [message] = await ctx.db
    .select()
    .from(messages)
    .where(and(eq(messages.id, parsed.data.messageId), eq(messages.conversationId, access.conversation.id), eq(messages.direction, 'inbound')))
    .limit(1);
  if (!message) return { ok: false, notFound: true };
  await recordAudit({
    db: ctx.db,
    actorId: ctx.staff.id,
    accountId: access.account.id,
    action: 'inbox.pii.reveal',
    entityType: 'message',
    entityId: message.id,
    detail: { conversationId: access.conversation.id, reason: parsed.data.reason },
    ip: ctx.ip ?? null,
  });
  const payload = message.payload as Record<string, unknown>;
  const text = typeof payload.Content === 'string' ? payload.Content : typeof payload.Recognition === 'string' ? payload.Recognition : (message.content ?? '');
  return { ok: true, data: { messageId: message.id, text } };
});
