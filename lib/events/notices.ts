import { and, eq } from 'drizzle-orm';
import { accounts, eventNotices, messages } from '../../db/schema';
import { enqueueJob, type DbOrTx, type Tx } from '../jobs/outbox';
import { textPayload } from '../inbox/outbound';
import { SEND_JOB } from '../inbox/reply';
import { serviceWindow } from '../inbox/window';

export const TEMPLATE_JOB = 'events.template';

export type NoticeKind = 'reminder' | 'postponed' | 'cancelled' | 'promoted' | 'thanks';
export type NoticeRoute = 'custom' | 'template' | 'unreachable';

/**
 * Routes one notice to one registration without touching the broadcast quota (docs/events.md):
 * a customer-service message while the citizen's 48 h window is open with messages left
 * (docs/wechat-protocol.md §6.2), else a template message when the account configured one (§6.7), else it is
 * recorded as unreachable so staff can phone them. The notice row's unique key makes this
 * idempotent: a second call with the same key does nothing and returns null. The outbox job is
 * written in the caller's transaction, so a rollback leaves neither.
 */
export async function queueNotice(args: {
  tx: Tx;
  event: { id: number; accountId: string };
  registration: { id: number; followerId: number | null };
  kind: NoticeKind;
  key: string;
  text: string;
  now?: Date;
}): Promise<NoticeRoute | null> {
  const { tx, event, registration } = args;
  const now = args.now ?? new Date();
  let route: NoticeRoute = 'unreachable';
  let reason: string | null = null;
  if (registration.followerId === null) {
    reason = 'no_wechat';
  } else {
    const window = await serviceWindow({ db: tx, followerId: registration.followerId, now });
    if (window.open && window.remaining > 0) route = 'custom';
    else {
      const [account] = await tx.select({ templateId: accounts.reminderTemplateId }).from(accounts).where(eq(accounts.id, event.accountId)).limit(1);
      if (account?.templateId) route = 'template';
      else reason = window.open ? 'window_used_up' : 'window_closed';
    }
  }
  const [notice] = await tx
    .insert(eventNotices)
    .values({
      eventId: event.id,
      registrationId: registration.id,
      followerId: registration.followerId,
      kind: args.kind,
      route,
      noticeKey: args.key,
      reason,
      text: args.text,
      createdAt: now,
    })
    .onConflictDoNothing({ target: eventNotices.noticeKey })
    .returning({ id: eventNotices.id });
  if (!notice) return null;
  if (route === 'custom') {
    // A queued outbound message row is what the inbox's window count sees, so this send spends
    // one of the citizen's five messages exactly as a staff reply would.
    const [message] = await tx
      .insert(messages)
      .values({
        accountId: event.accountId,
        followerId: registration.followerId,
        direction: 'outbound',
        msgType: 'text',
        content: args.text,
        payload: textPayload(args.text),
        deliveryState: 'queued',
        createdAt: now,
      })
      .returning({ id: messages.id });
    await enqueueJob({ db: tx, kind: SEND_JOB, accountId: event.accountId, payload: { messageId: message!.id }, idempotencyKey: `send:${message!.id}:1` });
  } else if (route === 'template') {
    await enqueueJob({ db: tx, kind: TEMPLATE_JOB, accountId: event.accountId, payload: { noticeId: notice.id }, idempotencyKey: `event-notice:${notice.id}` });
  }
  return route;
}

/** Marks a notice whose template send WeChat refused for good as unreachable (staff see it). */
export async function markNoticeUnreachable(args: { tx: DbOrTx; noticeId: number; reason: string }): Promise<void> {
  await args.tx
    .update(eventNotices)
    .set({ route: 'unreachable', reason: args.reason.slice(0, 200) })
    .where(and(eq(eventNotices.id, args.noticeId), eq(eventNotices.route, 'template')));
}
