import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { conversationPresence, users } from '../../db/schema';
import { queueTyping } from './typing';

/**
 * Who else has a conversation open, for the collision warning (docs/citizen-service.md
 * "Working the queue"). The page sends a heartbeat every few seconds; a row older than this
 * counts as gone, so a closed tab or a dead phone stops warning others without any clean-up.
 */
export const PRESENCE_STALE_MS = 30_000;

export type PresenceState = 'viewing' | 'typing';

export interface Colleague {
  userId: string;
  name: string;
  state: PresenceState;
  seenAt: Date;
}

/** Records that this staff member has the conversation open (or is typing); returns the state before. */
export async function touchPresence(args: { db: Db; conversationId: number; userId: string; state: PresenceState; now?: Date }): Promise<PresenceState | null> {
  const now = args.now ?? new Date();
  const [before] = await args.db
    .select({ state: conversationPresence.state, seenAt: conversationPresence.seenAt })
    .from(conversationPresence)
    .where(and(eq(conversationPresence.conversationId, args.conversationId), eq(conversationPresence.userId, args.userId)));
  await args.db
    .insert(conversationPresence)
    .values({ conversationId: args.conversationId, userId: args.userId, state: args.state, seenAt: now })
    .onConflictDoUpdate({ target: [conversationPresence.conversationId, conversationPresence.userId], set: { state: args.state, seenAt: now } });
  return before && now.getTime() - before.seenAt.getTime() < PRESENCE_STALE_MS ? before.state : null;
}

/** Leaving the page: the row goes at once instead of waiting to go stale. Returns the state it had. */
export async function leavePresence(args: { db: Db; conversationId: number; userId: string }): Promise<PresenceState | null> {
  const [row] = await args.db
    .delete(conversationPresence)
    .where(and(eq(conversationPresence.conversationId, args.conversationId), eq(conversationPresence.userId, args.userId)))
    .returning({ state: conversationPresence.state });
  return row?.state ?? null;
}

/** The other staff members present in the conversation within the last PRESENCE_STALE_MS, typing first. */
export async function colleaguesPresent(args: { db: Db; conversationId: number; userId: string; now?: Date }): Promise<Colleague[]> {
  const since = new Date((args.now ?? new Date()).getTime() - PRESENCE_STALE_MS);
  const rows = await args.db
    .select({ userId: conversationPresence.userId, name: users.name, email: users.email, state: conversationPresence.state, seenAt: conversationPresence.seenAt })
    .from(conversationPresence)
    .innerJoin(users, eq(users.id, conversationPresence.userId))
    .where(and(eq(conversationPresence.conversationId, args.conversationId), ne(conversationPresence.userId, args.userId), gt(conversationPresence.seenAt, since)))
    .orderBy(sql`${conversationPresence.state} = 'typing' desc`, conversationPresence.seenAt);
  return rows.map((r) => ({ userId: r.userId, name: r.name || r.email, state: r.state, seenAt: r.seenAt }));
}

/**
 * One heartbeat of the conversation page: records this staff member's presence (or clears it on
 * `gone`), starts or stops the citizen's typing indicator on the change — only for a role that
 * may reply (lib/service/typing.ts) — and answers who else is there. The caller has passed the
 * tenant gate for the conversation.
 */
export async function heartbeat(args: {
  db: Db;
  conversation: { id: number; accountId: string; followerId: number };
  userId: string;
  state: PresenceState | 'gone';
  mayReply: boolean;
  now?: Date;
}): Promise<Colleague[]> {
  const { db, conversation, userId } = args;
  const before =
    args.state === 'gone'
      ? await leavePresence({ db, conversationId: conversation.id, userId })
      : await touchPresence({ db, conversationId: conversation.id, userId, state: args.state, now: args.now });
  if (args.mayReply && args.state === 'typing') await queueTyping({ db, conversation, command: 'Typing', now: args.now });
  if (args.mayReply && before === 'typing' && args.state !== 'typing') await queueTyping({ db, conversation, command: 'CancelTyping', now: args.now });
  return args.state === 'gone' ? [] : colleaguesPresent({ db, conversationId: conversation.id, userId, now: args.now });
}
