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
