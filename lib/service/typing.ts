import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { followers } from '../../db/schema';
import { serviceWindow } from '../inbox/window';
import { enqueueJob, type DbOrTx } from '../jobs/outbox';
import type { JobHandler } from '../jobs/worker';
import { log } from '../log';
import { wechatApiFor, type WechatApiConfig } from '../wechat/api/client';
import { WechatApiCallError } from '../wechat/api/errors';

export const TYPING_JOB = 'service.typing';
const TYPING_PATH = '/cgi-bin/message/custom/typing';

/**
 * At most one Typing per conversation in this span (docs/citizen-service.md "Typing indicator"):
 * WeChat shows the indicator for a few seconds per call, so a heartbeat every few seconds while
 * staff type would only spend API calls. The throttle is the outbox's idempotency key — one
 * key per conversation and span — so it holds across app processes.
 */
export const TYPING_THROTTLE_MS = 10_000;
/** A Typing that could not go out within this long is dropped: by then it would lie. */
export const TYPING_STALE_MS = 15_000;

export type TypingCommand = 'Typing' | 'CancelTyping';

/**
 * Queues a typing indicator (or its cancellation) for the citizen of a conversation — only while
 * the 48 h window is open, since WeChat refuses customer-service calls outside it. Spends nothing
 * of the window's five messages.
 */
export async function queueTyping(args: {
  db: DbOrTx;
  conversation: { id: number; accountId: string; followerId: number };
  command: TypingCommand;
  now?: Date;
}): Promise<'queued' | 'throttled' | 'window_closed'> {
  const now = args.now ?? new Date();
  const window = await serviceWindow({ db: args.db, followerId: args.conversation.followerId, now });
  if (!window.open) return 'window_closed';
  const span = Math.floor(now.getTime() / TYPING_THROTTLE_MS);
  const id = await enqueueJob({
    db: args.db,
    kind: TYPING_JOB,
    accountId: args.conversation.accountId,
    payload: { conversationId: args.conversation.id, followerId: args.conversation.followerId, command: args.command, at: now.toISOString() },
    idempotencyKey: `typing:${args.conversation.id}:${args.command}:${span}`,
    runAt: now,
    // One quick retry at most: a late indicator is worse than none.
    maxAttempts: 2,
  });
  return id === null ? 'throttled' : 'queued';
}

/** Delivers one typing job with custom/typing; stale or out-of-window jobs are dropped, not retried. */
export function typingHandler(config: WechatApiConfig): JobHandler {
  return {
    async run({ db, job }) {
      const p = job.payload as { followerId?: unknown; command?: unknown; at?: unknown };
      const command = p.command === 'CancelTyping' ? 'CancelTyping' : 'Typing';
      const at = new Date(String(p.at));
      if (Number.isNaN(at.getTime()) || Date.now() - at.getTime() > TYPING_STALE_MS) return { status: 'done' };
      const followerId = Number(p.followerId);
      const [follower] = await db.select({ openid: followers.openid }).from(followers).where(eq(followers.id, followerId)).limit(1);
      if (!follower || !(await serviceWindow({ db, followerId })).open) return { status: 'done' };
      try {
        const api = await wechatApiFor({ db: db as Db, accountId: job.accountId!, config });
        await api.call({ method: 'POST', path: TYPING_PATH, body: { touser: follower.openid, command } });
      } catch (error) {
        if (!(error instanceof WechatApiCallError)) throw error;
        log.info('service.typing_refused', { job: job.id, code: error.code });
        if (error.kind === 'transient') return { status: 'retry', error: error.code, delayMs: 1_000 };
        return { status: 'failed', error: `${error.code}: ${error.message}` };
      }
      return { status: 'done' };
    },
    // An indicator has no lasting effect; sending it twice is harmless, so is not sending it.
    async onLeaseExpired() {
      return 'done';
    },
  };
}
