import { and, asc, desc, eq, gte, gt, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import {
  accounts,
  cannedReplies,
  conversationNotes,
  conversations,
  followers,
  followerTags,
  memberships,
  messages,
  referrals,
  tags,
  users,
  type Conversation,
  type Message,
} from '../../db/schema';
import type { PassiveReply } from '../wechat/reply';
import { COMMAND_EVENT } from './store-inquiry';
import { serviceWindow, type ServiceWindow } from './window';

export const MESSAGES_PAGE = 50;

export interface ReferralView {
  id: number;
  direction: 'out' | 'in';
  otherAccountName: string;
  question: string;
  note: string | null;
  status: 'offered' | 'accepted';
  createdAt: Date;
  acceptedAt: Date | null;
  /** The conversation on our side of the trail (a previous one for an incoming referral). */
  linkedConversationId: number | null;
}

/**
 * One entry of a conversation's history, oldest first: what the citizen sent, the passive reply
 * WeGov answered it with (stored on the citizen's message row, `messages.reply`), what staff sent
 * (with its delivery state) and internal notes, which never reach the citizen.
 */
export type TimelineEntry =
  | { kind: 'citizen'; key: string; message: Message; command: boolean }
  | { kind: 'answer'; key: string; message: Message; reply: PassiveReply; command: boolean }
  | { kind: 'staff'; key: string; message: Message; authorName: string | null }
  | { kind: 'note'; key: string; id: number; body: string; authorName: string | null; at: Date };

type NoteRow = { id: number; body: string; createdAt: Date; authorName: string | null };

/**
 * Merges a page of messages (in id order) with the notes written meanwhile. A citizen's message
 * is followed by its answer: the auto-reply or a keyword command's answer (`event = 'command'`,
 * lib/inbox/store-inquiry.ts). When a waiting staff reply went out as that answer instead, the
 * staff row already shows it ("已作为被动回复送达"), so it is not shown twice: such a reply was
 * delivered at the very instant the citizen's message was received (lib/inbox/reply.ts).
 */
export function buildTimeline(
  page: ReadonlyArray<{ message: Message; authorName: string | null }>,
  notes: readonly NoteRow[],
  handedOverAt: ReadonlySet<number>,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let n = 0;
  const notesBefore = (at: Date | null) => {
    while (n < notes.length && (at === null || notes[n]!.createdAt < at)) {
      const note = notes[n++]!;
      entries.push({ kind: 'note', key: `n-${note.id}`, id: note.id, body: note.body, authorName: note.authorName, at: note.createdAt });
    }
  };
  for (const { message, authorName } of page) {
    notesBefore(message.createdAt);
    if (message.direction === 'outbound') {
      entries.push({ kind: 'staff', key: `m-${message.id}`, message, authorName });
      continue;
    }
    const command = message.event === COMMAND_EVENT;
    entries.push({ kind: 'citizen', key: `m-${message.id}`, message, command });
    const reply = message.reply as PassiveReply | null;
    if (reply && (command || !handedOverAt.has(message.createdAt.getTime()))) {
      entries.push({ kind: 'answer', key: `a-${message.id}`, message, reply, command });
    }
  }
  notesBefore(null);
  return entries;
}

/**
 * Everything the conversation screen shows, for a conversation that already passed the gate
 * (lib/inbox/access.ts). Messages come newest-page-first (older pages by `beforeId`).
 */
export async function conversationDetail(args: { db: Db; conversation: Conversation; beforeId?: number | null; now?: Date }) {
  const { db, conversation: c } = args;
  const [follower] = await db.select().from(followers).where(eq(followers.id, c.followerId)).limit(1);
  const page = await db
    .select({ message: messages, authorName: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorId))
    .where(and(eq(messages.conversationId, c.id), args.beforeId ? lt(messages.id, args.beforeId) : undefined))
    .orderBy(desc(messages.id))
    .limit(MESSAGES_PAGE + 1);
  const hasOlder = page.length > MESSAGES_PAGE;
  const shown = page.slice(0, MESSAGES_PAGE).reverse();
  // Notes belong to the page whose messages surround them in time.
  const oldestAt = hasOlder ? shown[0]?.message.createdAt : undefined;
  const [newerAt] = args.beforeId
    ? await db.select({ at: messages.createdAt }).from(messages).where(and(eq(messages.id, args.beforeId), eq(messages.conversationId, c.id)))
    : [];
  const answeredAt = shown.filter(({ message: m }) => m.direction === 'inbound' && m.reply !== null).map(({ message: m }) => m.createdAt);

  const [followerTagRows, accountTags, notes, previous, team, canned, refs, window] = await Promise.all([
    db
      .select({ id: tags.id, name: tags.name })
      .from(followerTags)
      .innerJoin(tags, eq(tags.id, followerTags.tagId))
      .where(eq(followerTags.followerId, c.followerId))
      .orderBy(asc(tags.name)),
    db.select({ id: tags.id, name: tags.name }).from(tags).where(eq(tags.accountId, c.accountId)).orderBy(asc(tags.name)),
    db
      .select({ id: conversationNotes.id, body: conversationNotes.body, createdAt: conversationNotes.createdAt, authorName: users.name })
      .from(conversationNotes)
      .leftJoin(users, eq(users.id, conversationNotes.authorId))
      .where(
        and(
          eq(conversationNotes.conversationId, c.id),
          oldestAt ? gte(conversationNotes.createdAt, oldestAt) : undefined,
          newerAt ? lt(conversationNotes.createdAt, newerAt.at) : undefined,
        ),
      )
      .orderBy(asc(conversationNotes.createdAt), asc(conversationNotes.id)),
    db
      .select({ id: conversations.id, status: conversations.status, openedAt: conversations.openedAt, preview: conversations.preview })
      .from(conversations)
      .where(and(eq(conversations.followerId, c.followerId), ne(conversations.id, c.id)))
      .orderBy(desc(conversations.openedAt))
      .limit(10),
    teamOf(db, c.accountId),
    db.select().from(cannedReplies).where(eq(cannedReplies.accountId, c.accountId)).orderBy(asc(cannedReplies.position), asc(cannedReplies.id)),
    referralsOf(db, c),
    serviceWindow({ db, followerId: c.followerId, now: args.now }),
  ]);
  const handedOver = answeredAt.length
    ? await db
        .select({ at: messages.deliveredAt })
        .from(messages)
        .where(
          and(
            eq(messages.followerId, c.followerId),
            eq(messages.direction, 'outbound'),
            sql`${messages.payload}->>'via' = 'passive'`,
            inArray(messages.deliveredAt, answeredAt),
          ),
        )
    : [];
  const messagesShown = shown as Array<{ message: Message; authorName: string | null }>;
  return {
    follower: follower!,
    messages: messagesShown,
    timeline: buildTimeline(messagesShown, notes, new Set(handedOver.map((h) => h.at!.getTime()))),
    hasOlder,
    oldestId: shown[0]?.message.id ?? null,
    followerTags: followerTagRows,
    accountTags,
    /** The notes of this page, also merged into `timeline`. */
    notes,
    previous,
    team,
    canned,
    referrals: refs,
    window: window as ServiceWindow,
  };
}

export type ConversationDetail = Awaited<ReturnType<typeof conversationDetail>>;

/** Colleagues a conversation can be assigned to: members of its account (platform admins too). */
export async function teamOf(db: Db, accountId: string): Promise<Array<{ id: string; name: string }>> {
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.accountId, accountId)))
    .where(or(eq(memberships.accountId, accountId), eq(users.isPlatformAdmin, true)))
    .orderBy(asc(users.name));
  return rows;
}

async function referralsOf(db: Db, c: Conversation): Promise<ReferralView[]> {
  const outgoing = await db
    .select({ r: referrals, name: accounts.name })
    .from(referrals)
    .innerJoin(accounts, eq(accounts.id, referrals.toAccountId))
    .where(eq(referrals.fromConversationId, c.id))
    .orderBy(asc(referrals.id));
  const incoming = await db
    .select({ r: referrals, name: accounts.name })
    .from(referrals)
    .innerJoin(accounts, eq(accounts.id, referrals.fromAccountId))
    .where(and(eq(referrals.toConversationId, c.id), gt(referrals.id, 0)))
    .orderBy(asc(referrals.id));
  return [
    ...outgoing.map(({ r, name }) => view(r, name, 'out' as const, r.toConversationId)),
    // The other department's conversation id is theirs: we show the trail, not a link into it.
    ...incoming.map(({ r, name }) => view(r, name, 'in' as const, null)),
  ];
}

function view(r: typeof referrals.$inferSelect, name: string, direction: 'out' | 'in', linked: number | null): ReferralView {
  return {
    id: r.id,
    direction,
    otherAccountName: name,
    question: r.question,
    note: r.note,
    status: r.status,
    createdAt: r.createdAt,
    acceptedAt: r.acceptedAt,
    linkedConversationId: direction === 'out' ? null : linked,
  };
}
