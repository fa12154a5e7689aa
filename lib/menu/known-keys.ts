import { and, asc, eq } from 'drizzle-orm';
import { autoReplyRules } from '../../db/schema';
import { EVENTS_MENU_KEY } from '../events/parse-command';
import type { DbOrTx } from '../jobs/outbox';
import { selfServiceTags } from '../tags/list';
import { SUBSCRIBE_LIST_KEY, subscribeKey, unsubscribeKey } from '../tags/self-service';

/**
 * The click keys something answers (docs/admin.md "Menu"): the chat's own (the events list,
 * the interest groups and each self-service group) and the account's click auto-reply rules.
 * The editor offers them; staff may still type any key (answered then by the default reply).
 */
export type KnownKey =
  | { key: string; kind: 'events' | 'subscribe_list' }
  | { key: string; kind: 'subscribe' | 'unsubscribe'; tag: string }
  | { key: string; kind: 'rule' };

export async function knownClickKeys(db: DbOrTx, accountId: string): Promise<KnownKey[]> {
  const [groups, rules] = await Promise.all([
    selfServiceTags(db, accountId),
    db
      .select({ pattern: autoReplyRules.pattern })
      .from(autoReplyRules)
      .where(and(eq(autoReplyRules.accountId, accountId), eq(autoReplyRules.kind, 'click'), eq(autoReplyRules.enabled, true)))
      .orderBy(asc(autoReplyRules.pattern)),
  ]);
  const keys: KnownKey[] = [{ key: EVENTS_MENU_KEY, kind: 'events' }, { key: SUBSCRIBE_LIST_KEY, kind: 'subscribe_list' }];
  for (const g of groups) {
    keys.push({ key: subscribeKey(g.id), kind: 'subscribe', tag: g.name }, { key: unsubscribeKey(g.id), kind: 'unsubscribe', tag: g.name });
  }
  for (const r of rules) if (r.pattern && !keys.some((k) => k.key === r.pattern)) keys.push({ key: r.pattern, kind: 'rule' });
  return keys;
}
