import type { Translate } from '../i18n/messages';

/**
 * How the inbox names a citizen, the same on the list, the search results and the conversation:
 * the remark staff gave them, else the name they gave us, else a stable stand-in from the end of
 * their OpenID. WeChat no longer hands out nicknames, and a raw OpenID is no name for a person.
 */
export function citizenName(follower: { remark: string | null; displayName: string | null; openid: string }, t: Translate): string {
  const remark = follower.remark?.trim();
  if (remark) return remark;
  const given = follower.displayName?.trim();
  if (given) return given;
  return t('inbox.citizen.fallback', { tail: follower.openid.slice(-4) });
}

/**
 * The due time worth showing: only while the first answer is still owed. A resolved thread or
 * one already answered has nothing due (docs/inbox.md).
 */
export function owedBy(conversation: { status: string; dueAt: Date | null; firstResponseAt: Date | null }): Date | null {
  if (conversation.status === 'resolved' || conversation.firstResponseAt) return null;
  return conversation.dueAt;
}
