import { eq } from 'drizzle-orm';
import { followers, messages } from '../../db/schema';
import { enqueueJob, type Tx } from '../jobs/outbox';
import { textPayload } from '../inbox/outbound';
import { SEND_JOB } from '../inbox/reply';
import { serviceWindow } from '../inbox/window';

/** `messages.event` of a message the service sent by itself (status change, rating request). */
export const SERVICE_NOTICE_EVENT = 'service';

/**
 * Sends the citizen a customer-service message about their case (a status change, the request
 * to rate), only while the 48-hour window is open with a message left; otherwise nothing is
 * sent or kept — a notice that would arrive days later, as the passive reply to an unrelated
 * message, would only confuse. Through the outbox (lib/inbox/deliver.ts), like staff replies,
 * under the follower lock so it cannot spend a message two replies are racing for.
 */
export async function queueServiceNotice(args: { tx: Tx; conversation: { id: number; accountId: string; followerId: number }; text: string; now: Date }): Promise<boolean> {
  const { tx, conversation, now } = args;
  await tx.select({ id: followers.id }).from(followers).where(eq(followers.id, conversation.followerId)).for('update');
  const window = await serviceWindow({ db: tx, followerId: conversation.followerId, now });
  if (!window.open || window.remaining === 0) return false;
  const payload = textPayload(args.text);
  const [message] = await tx
    .insert(messages)
    .values({
      accountId: conversation.accountId,
      followerId: conversation.followerId,
      conversationId: conversation.id,
      direction: 'outbound',
      msgType: payload.msgtype,
      event: SERVICE_NOTICE_EVENT,
      content: args.text,
      payload,
      deliveryState: 'queued',
      createdAt: now,
    })
    .returning({ id: messages.id });
  await enqueueJob({ db: tx, kind: SEND_JOB, accountId: conversation.accountId, payload: { messageId: message!.id }, idempotencyKey: `send:${message!.id}:1` });
  return true;
}
