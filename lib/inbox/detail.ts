import { and, asc, desc, eq, gt, lt, ne, or } from 'drizzle-orm';
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
  const timeline = page.slice(0, MESSAGES_PAGE).reverse();

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
      .where(eq(conversationNotes.conversationId, c.id))
      .orderBy(asc(conversationNotes.id)),
    db
      .select({ id: conversations.id, status: conversations.status, openedAt: conversations.openedAt, preview: conversations.preview })
      .from(conversations)
      .where(and(eq(conversations.followerId, c.followerId), ne(conversations.id, c.id)))
      .orderBy(desc(conversations.openedAt))
      .limit(10),
    teamOf(db, c.accountId),
    db.select().from(cannedReplies).where(eq(cannedReplies.accountId, c.accountId)).orderBy(asc(cannedReplies.title)),
    referralsOf(db, c),
    serviceWindow({ db, followerId: c.followerId, now: args.now }),
  ]);
  return {
    follower: follower!,
    timeline: timeline as Array<{ message: Message; authorName: string | null }>,
    hasOlder,
    oldestId: timeline[0]?.message.id ?? null,
    followerTags: followerTagRows,
    accountTags,
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
