import type { MemberRole } from '../../db/schema';

/**
 * Who may do what in the admin: the one table every server action, admin route handler and
 * admin page is checked against (docs/admin.md "Roles and permissions"). A command, route or page
 * names its action; an action not in this table is a type error, and
 * tests/unit/auth/permissions.test.ts fails when something is wired around it.
 *
 * Scopes:
 * - `account`: the role the user holds on the record's own account (a platform admin holds
 *   `platform_admin` on every account). The account is always the record's, never the form's.
 * - `platform`: not tied to one account (the directory's reports); only the roles listed.
 * - `self`: the signed-in user acting on their own user (password, sessions): any staff member,
 *   also one who is not yet a member of any account.
 */
export type Role = MemberRole | 'platform_admin';

/** Most to least powerful, for display (docs, badges); permissions never derive from this order. */
export const ROLES = ['platform_admin', 'account_admin', 'editor', 'reviewer', 'agent'] as const satisfies readonly Role[];

export type Scope = 'account' | 'platform' | 'self';
export interface Rule {
  scope: Scope;
  roles: readonly Role[];
}

const EVERY_ROLE = ROLES;
/** Changing what citizens see of an account's events is editors' work; agents and reviewers read. */
const EDITORS = ['platform_admin', 'account_admin', 'editor'] as const;
const ACCOUNT_ADMINS = ['platform_admin', 'account_admin'] as const;
const PLATFORM_ADMINS = ['platform_admin'] as const;

const account = (roles: readonly Role[]) => ({ scope: 'account', roles }) as const satisfies Rule;
const platform = (roles: readonly Role[]) => ({ scope: 'platform', roles }) as const satisfies Rule;
const self = () => ({ scope: 'self', roles: EVERY_ROLE }) as const satisfies Rule;

export const PERMISSIONS = {
  'account.view': account(EVERY_ROLE),

  // The inbox is the team's shared desk: every member of an account answers citizens
  // (docs/inbox.md); reviewers included, as before this table existed.
  'inbox.read': account(EVERY_ROLE),
  'inbox.reply': account(EVERY_ROLE),
  'inbox.triage': account(EVERY_ROLE),
  'inbox.tag': account(EVERY_ROLE),
  'inbox.note': account(EVERY_ROLE),
  'inbox.refer': account(EVERY_ROLE),

  'events.read': account(EVERY_ROLE),
  'events.create': account(EDITORS),
  'events.edit': account(EDITORS),
  'events.publish': account(EDITORS),
  'events.desk': account(EDITORS),
  /** The roster with phones masked (docs/events.md). */
  'events.roster.export': account(EVERY_ROLE),
  /** Full phone numbers in the roster export: account admins only (docs/events.md). */
  'events.roster.phones': account(ACCOUNT_ADMINS),

  /** An account's audit log and its quarantined pushes (docs/admin.md "Audit log and quarantine"). */
  'audit.view': account(ACCOUNT_ADMINS),
  'quarantine.view': account(ACCOUNT_ADMINS),

  // ── replies (issue 12 §3) ──
  // What citizens receive automatically, and the team's canned answers (docs/admin.md
  // "Auto-replies and canned replies"): everyone reads them and uses the test box; editors change them.
  'replies.view': account(EVERY_ROLE),
  'replies.edit': account(EDITORS),
  'canned.edit': account(EDITORS),
  // ── menu, followers, tags (issue 12 §3) ──
  /** What citizens see of the account (its menu, its tags) is editors' work (docs/admin.md "Menu"). */
  'menu.edit': account(EDITORS),
  'menu.publish': account(EDITORS),
  /** The whole team sees who follows, as every member answers them in the inbox. */
  'followers.view': account(EVERY_ROLE),
  /** Create, rename, delete, mark self-service: bounded by WeChat's 100 tags an account. */
  'tags.manage': account(EDITORS),
  /** Giving or taking an existing tag, as the inbox's tag command lets every member do. */
  'tags.assign': account(EVERY_ROLE),
  // ── broadcasts: compose and review (issue 13) ──
  // Everyone on the account sees its broadcasts; editors write them; reviewers and account admins
  // decide review levels (never on their own work: lib/broadcasts/review.ts); account admins set
  // the levels, allowed link hosts and the wording list (docs/broadcasts.md).
  'broadcasts.view': account(EVERY_ROLE),
  'broadcasts.compose': account(EDITORS),
  'broadcasts.review': account(['platform_admin', 'account_admin', 'reviewer']),
  'broadcasts.review_settings': account(ACCOUNT_ADMINS),

  // ── broadcasts: delivery (issue 13) ──
  // Whoever may publish sends once the review approved it (先审后发: the review is the check,
  // not who presses send); reviewers and agents see the panel and the planner (broadcasts.view)
  // but send nothing.
  'broadcasts.preview': account(EDITORS),
  'broadcasts.send': account(EDITORS),
  'broadcasts.publish': account(EDITORS),
  /** Trial mode and the guest list: who a push may reach at all. */
  'broadcasts.delivery_settings': account(ACCOUNT_ADMINS),
  /** The quota policy mirrors WeChat's rules for the account: set by the platform, not the department. */
  'broadcasts.quota_policy': account(PLATFORM_ADMINS),
  // ── citizen service: cases, ratings, hours (issue 14) ──
  /** Office hours, holidays and swapped workdays (调休), and the two service targets (docs/citizen-service.md). */
  'service.hours.edit': account(ACCOUNT_ADMINS),
  /**
   * Call-backs after a bad rating (docs/citizen-service.md): the account admin's duty. Agents do
   * not see them — the task names the staff member the citizen rated badly.
   */
  'service.follow_ups': account(ACCOUNT_ADMINS),

  // ── citizen service: queue, gaps, privacy (issue 14) ──
  /** One-click macros of an account (docs/citizen-service.md "Macros"): editors write them, everyone applies them. */
  'macros.edit': account(EDITORS),
  'inbox.macro.apply': account(EVERY_ROLE),
  /** Citizens' ID, mobile and bank card numbers unmasked without asking: account admins (docs/citizen-service.md "Personal data"). */
  'inbox.pii.view': account(ACCOUNT_ADMINS),
  /** Reveal one message's numbers with a reason that goes to the audit log; reviewers read masked only. */
  'inbox.pii.reveal': account(['platform_admin', 'account_admin', 'editor', 'agent']),
  /** The gap report (questions no rule answered) and turning a cluster into a keyword rule. */
  'gaps.view': account(EDITORS),
  'gaps.rule.create': account(EDITORS),

  'reports.review': platform(PLATFORM_ADMINS),
  /** Every row of the audit log, sign-ins and every account's. */
  'audit.view_platform': platform(PLATFORM_ADMINS),
  'directory.domains': platform(PLATFORM_ADMINS),

  // ── accounts (issue 12 §1) ──
  /** Onboarding and retiring an account: the platform's call (docs/admin.md "Accounts"). */
  'accounts.create': platform(PLATFORM_ADMINS),
  'accounts.deactivate': platform(PLATFORM_ADMINS),
  /** The directory's 已认证 badge is the platform's word, not the account's own. */
  'accounts.verify': account(PLATFORM_ADMINS),
  'accounts.edit': account(ACCOUNT_ADMINS),
  /** AppID, AppSecret, Token, EncodingAESKey and the message mode (write-only secrets). */
  'accounts.credentials': account(ACCOUNT_ADMINS),
  'accounts.self_test': account(ACCOUNT_ADMINS),

  // ── staff (issue 12 §2) ──
  /** An account's members and pending invitations (docs/admin.md "Staff and invitations"). */
  'staff.view': account(ACCOUNT_ADMINS),
  /** Invite by link to a role on the account, withdraw a pending invitation. */
  'staff.invite': account(ACCOUNT_ADMINS),
  /** Change a member's role, remove a member (the last account admin stays). */
  'staff.manage': account(ACCOUNT_ADMINS),
  /** Every user of the platform: disable, enable, invite a platform admin. */
  'users.manage': platform(PLATFORM_ADMINS),
  /** A signed-in user takes an invitation sent to their own email. */
  'invitations.accept': self(),

  'me.password.change': self(),
  'me.sign_out_everywhere': self(),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;
type ActionOf<S extends Scope> = { [A in Action]: (typeof PERMISSIONS)[A]['scope'] extends S ? A : never }[Action];
export type AccountAction = ActionOf<'account'>;
export type PlatformAction = ActionOf<'platform'>;
export type SelfAction = ActionOf<'self'>;

export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

/** Whether `role` may do `action`; `null` (no role: not a member) may do only `self` actions. */
export function can(role: Role | null, action: Action): boolean {
  const rule: Rule = PERMISSIONS[action];
  if (!rule) return false;
  if (rule.scope === 'self') return true;
  return role !== null && rule.roles.includes(role);
}

export function scopeOf(action: Action): Scope {
  return (PERMISSIONS[action] as Rule).scope;
}
