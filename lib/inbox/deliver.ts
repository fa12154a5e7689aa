import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers, messages } from '../../db/schema';
import type { JobOutcome } from '../jobs/outbox';
import type { JobHandler } from '../jobs/worker';
import { log } from '../log';
import { pauseApi, wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError, isWindowError } from '../wechat/api/errors';
import { customMessageOf, type OutboundPayload } from './outbound';

const CUSTOM_SEND = '/cgi-bin/message/custom/send';

/**
 * The outbox handler that delivers one staff reply with custom/send.
 * 1. `queued → sending` is committed before the call (only from `queued`: a message is never
 *    sent twice, even if two workers somehow held the job).
 * 2. WeChat accepts → `sent`. Window closed/used up (45015/45047) → back to waiting for the
 *    citizen's next message, no retry. Other permanent errors → `failed` with WeChat's code.
 *    Transient → `queued` again with the error shown as "retrying"; after the last attempt `failed`.
 * 3. A worker that dies during the call leaves `sending`: recovery marks it `unknown` for staff
 *    instead of resending (docs/reliability.md J11), since custom/send has no idempotency key.
 */
export function sendReplyHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const messageId = Number((job.payload as { messageId?: unknown }).messageId);
      const [message] = await db
        .update(messages)
        .set({ deliveryState: 'sending' })
        .where(and(eq(messages.id, messageId), eq(messages.deliveryState, 'queued')))
        .returning();
      if (!message) return { status: 'done' };
      const [follower] = message.followerId
        ? await db.select({ openid: followers.openid }).from(followers).where(eq(followers.id, message.followerId)).limit(1)
        : [];
      if (!follower) return settle(db, messageId, { state: 'failed', error: 'no_follower' }, { status: 'failed', error: 'message has no follower' });
      try {
        const api = await wechatApiFor({ db, accountId: message.accountId, config });
        await api.sendCustomMessage(follower.openid, customMessageOf(message.payload as OutboundPayload));
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) {
          // Not a WeChat answer: we cannot tell whether the call left the process.
          await setState(db, messageId, 'unknown', 'internal');
          throw error;
        }
        return onError(db, job.attempts >= job.maxAttempts, message.accountId, messageId, error);
      }
      const payload = { ...(message.payload as OutboundPayload), via: 'custom' as const };
      await db
        .update(messages)
        .set({ deliveryState: 'sent', deliveredAt: new Date(), deliveryError: null, payload })
        .where(eq(messages.id, messageId));
      return { status: 'done' };
    },

    async onLeaseExpired({ tx, job }) {
      const messageId = Number((job.payload as { messageId?: unknown }).messageId);
      const [message] = await tx.select({ state: messages.deliveryState }).from(messages).where(eq(messages.id, messageId)).for('update');
      if (!message || message.state !== 'sending') return message?.state === 'queued' ? 'retry' : 'done';
      await tx.update(messages).set({ deliveryState: 'unknown', deliveryError: 'unknown_outcome' }).where(eq(messages.id, messageId));
      log.warn('inbox.delivery_unknown', { message: messageId, job: job.id });
      return 'abandon';
    },
  };
}

async function onError(db: Db, lastAttempt: boolean, accountId: string, messageId: number, error: WechatApiCallError): Promise<JobOutcome> {
  const code = error.code;
  log.info('inbox.delivery_refused', { message: messageId, kind: error.kind, code });
  if (error.errcode !== null && isWindowError(error.errcode)) {
    // WeChat's view of the window beat ours (citizen unfollowed, clocks): no retry; the reply
    // waits for the citizen's next message, where it goes out as the passive reply (J4, J5).
    return settle(db, messageId, { state: 'waiting_for_citizen', error: code }, { status: 'failed', error: `${code}: ${error.message}` });
  }
  switch (error.kind) {
    case 'quota': {
      const until = error.reachedWechat ? await pauseApi({ db, accountId, path: CUSTOM_SEND, reason: error.message }) : pausedUntil(error);
      return settle(db, messageId, { state: 'queued', error: code }, { status: 'deferred', until, error: `${code}: ${error.message}` });
    }
    case 'transient':
      if (lastAttempt) return settle(db, messageId, { state: 'failed', error: code }, { status: 'retry', error: `${code}: ${error.message}` });
      return settle(db, messageId, { state: 'queued', error: code }, { status: 'retry', error: `${code}: ${error.message}`, delayMs: error.errcode === 45011 ? 60_000 : undefined });
    default:
      return settle(db, messageId, { state: 'failed', error: code }, { status: 'failed', error: `${code}: ${error.message}` });
  }
}

function pausedUntil(error: WechatApiCallError): Date {
  const match = /paused until (\S+)/.exec(error.message);
  const until = match ? new Date(match[1]!) : new Date(Date.now() + 3600_000);
  return Number.isNaN(until.getTime()) ? new Date(Date.now() + 3600_000) : until;
}

async function setState(db: Db, messageId: number, state: 'unknown' | 'failed' | 'queued' | 'waiting_for_citizen', error: string): Promise<void> {
  await db.update(messages).set({ deliveryState: state, deliveryError: error }).where(eq(messages.id, messageId));
}

async function settle(
  db: Db,
  messageId: number,
  message: { state: 'failed' | 'queued' | 'waiting_for_citizen'; error: string },
  outcome: JobOutcome,
): Promise<JobOutcome> {
  await setState(db, messageId, message.state, message.error);
  return outcome;
}
