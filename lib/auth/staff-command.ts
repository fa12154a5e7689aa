import { z } from 'zod';
import type { Db } from '../../db/client';
import { platformForStaff, type Staff } from './access';
import { isAction, PERMISSIONS, type Action, type Rule } from './permissions';

/**
 * The shape every staff command (lib/inbox/commands.ts, lib/events/admin-commands.ts,
 * lib/directory/report-commands.ts, lib/auth/password-change.ts) shares: the caller passes who
 * is acting and the raw input; the command gates on the record's own account for its declared
 * action, validates strictly, acts and audits, and answers with one of these.
 */
export interface CommandContext {
  db: Db;
  staff: Staff;
  input: unknown;
  ip?: string | null;
}

export type CommandResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; notFound: true }
  | { ok: false; fieldErrors: Record<string, string[] | undefined> }
  | { ok: false; error: string };

export function invalidInput(error: z.ZodError): CommandResult<never> {
  return { ok: false, fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[] | undefined> };
}

/** A command with the action it is checked against (lib/auth/permissions.ts), as data. */
export type StaffCommand<T, C extends CommandContext = CommandContext, A extends Action = Action> = ((ctx: C) => Promise<CommandResult<T>>) & {
  readonly action: A;
};

/**
 * Builds a command that declares its permission. What needs no record is checked here: a
 * `platform` action is refused (404, audited) unless the table allows the caller's role; a `self`
 * action needs only the signed-in user. An `account` action is checked by `run` itself on the
 * record's own account — it gets the action to pass to the gate (accountForStaff and the
 * lookups built on it), so the declared action is the one enforced.
 */
export function staffCommand<A extends Action, T, C extends CommandContext = CommandContext>(
  action: A,
  run: (ctx: C & { action: A }) => Promise<CommandResult<T>>,
): StaffCommand<T, C, A> {
  // Types already refuse an unknown action; this catches one that arrives through a cast.
  if (!isAction(action)) throw new Error(`staffCommand: no permission entry for ${String(action)}`);
  const rule: Rule = PERMISSIONS[action];
  const command = async (ctx: C): Promise<CommandResult<T>> => {
    if (rule.scope === 'platform') {
      const allowed = await platformForStaff({ db: ctx.db, staff: ctx.staff, action: action as never, ip: ctx.ip });
      if (!allowed) return { ok: false, notFound: true };
    }
    return run({ ...ctx, action });
  };
  return Object.assign(command, { action });
}
