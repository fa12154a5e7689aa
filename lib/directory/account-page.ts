import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { autoReplyRules, broadcasts } from '../../db/schema';
import { listPublicEvents, type PublicEvent } from '../events/public-events';
import { findLookalikeOf, type LookalikeMatch } from './lookalike';
import type { PublicAccount } from './public-account';
import { getPublicAccount } from './search-accounts';

export interface BroadcastArchiveItem {
  id: number;
  title: string;
  text: string | null;
  sentAt: Date;
}

export interface AccountPageData {
  account: PublicAccount;
  keywords: string[];
  events: PublicEvent[];
  broadcasts: BroadcastArchiveItem[];
  lookalike: LookalikeMatch | null;
}

/** A broadcast's readable text, whatever message type carried it; never HTML. */
function broadcastText(content: unknown): string | null {
  const c = content as Record<string, unknown> | null;
  if (!c) return null;
  for (const key of ['text', 'content', 'digest', 'description']) {
    const value = c[key];
    if (typeof value === 'string') return value.slice(0, 2000);
    if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
      return ((value as { content: string }).content).slice(0, 2000);
    }
  }
  return null;
}

export async function loadAccountPage(args: { db: Db; slug: string; now?: Date }): Promise<AccountPageData | null> {
  const { db } = args;
  const account = await getPublicAccount({ db, slug: args.slug });
  if (!account) return null;
  const [rules, upcoming, sent, lookalike] = await Promise.all([
    db
      .select({ pattern: autoReplyRules.pattern })
      .from(autoReplyRules)
      .where(and(eq(autoReplyRules.accountId, account.id), eq(autoReplyRules.kind, 'keyword'), eq(autoReplyRules.enabled, true)))
      .orderBy(autoReplyRules.priority, autoReplyRules.id)
      .limit(12),
    listPublicEvents({ db, account: account.slug, limit: 5, now: args.now }),
    db
      .select({ id: broadcasts.id, title: broadcasts.title, content: broadcasts.content, sentAt: broadcasts.sentAt })
      .from(broadcasts)
      .where(and(eq(broadcasts.accountId, account.id), eq(broadcasts.status, 'sent'), isNotNull(broadcasts.sentAt)))
      .orderBy(desc(broadcasts.sentAt), desc(broadcasts.id))
      .limit(10),
    account.official ? Promise.resolve(null) : findLookalikeOf({ db, name: account.name, excludeAccountId: account.id }),
  ]);
  return {
    account,
    keywords: [...new Set(rules.map((r) => r.pattern).filter((p): p is string => Boolean(p)))],
    events: upcoming.items,
    broadcasts: sent.map((b) => ({ id: b.id, title: b.title, text: broadcastText(b.content), sentAt: b.sentAt! })),
    lookalike,
  };
}
