import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Staff } from './access';

/**
 * The shape every staff command (lib/inbox/commands.ts, lib/events/admin-commands.ts) shares:
 * the caller passes who is acting and the raw input; the command gates on the record's own
 * account, validates strictly, acts and audits, and answers with one of these.
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
