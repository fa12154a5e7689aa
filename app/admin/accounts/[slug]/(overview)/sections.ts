import type { AccountAction } from '@/lib/auth/permissions';
import type { MessageKey } from '@/lib/i18n/messages';

/**
 * The account's admin sections as the overview lists them: one list, each shown only to whom
 * the permission table lets use it (every page checks again). New sections add a line here.
 */
export const ACCOUNT_SECTIONS: readonly { path: string; label: MessageKey; action: AccountAction }[] = [
  { path: 'settings', label: 'accountsAdmin.nav.settings', action: 'accounts.edit' },
  { path: 'developer', label: 'accountsAdmin.nav.developer', action: 'accounts.credentials' },
  { path: 'staff', label: 'staff.nav', action: 'staff.view' },
  { path: 'replies', label: 'replies.nav', action: 'replies.view' },
  { path: 'canned-replies', label: 'canned.nav', action: 'replies.view' },
  { path: 'menu', label: 'menuTags.nav.menu', action: 'menu.edit' },
  { path: 'followers', label: 'menuTags.nav.followers', action: 'followers.view' },
  { path: 'tags', label: 'menuTags.nav.tags', action: 'tags.manage' },
  { path: 'broadcasts', label: 'bc.nav', action: 'broadcasts.view' },
  { path: 'office-hours', label: 'service.hours.nav', action: 'service.hours.edit' },
  { path: 'follow-ups', label: 'service.followUps.nav', action: 'service.follow_ups' },
  { path: 'macros', label: 'queue.macros.nav', action: 'macros.edit' },
  { path: 'gaps', label: 'queue.gaps.nav', action: 'gaps.view' },
  { path: 'audit', label: 'records.audit.nav', action: 'audit.view' },
  { path: 'quarantine', label: 'records.quarantine.nav', action: 'quarantine.view' },
];
