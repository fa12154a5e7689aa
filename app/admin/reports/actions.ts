'use server';

import { revalidatePath } from 'next/cache';
import { runStaffCommand } from '@/app/admin/run-command';
import { addDomainClaimCommand, checkDomainsCommand, resolveReportCommand, reviewLookalikeCommand } from '@/lib/directory/report-commands';

export interface AdminActionState {
  ok?: boolean;
  error?: 'invalid';
  summary?: { verified: number; delisted: number; failed: number };
}

/**
 * Every action here: runStaffCommand (session) → a platform-scoped command (lib/directory/
 * report-commands.ts; anyone but a platform admin gets a 404) → revalidate.
 */
export async function resolveReportAction(form: FormData): Promise<void> {
  const { result } = await runStaffCommand(form, resolveReportCommand);
  if (result.ok) revalidatePath('/admin/reports');
}

export async function reviewLookalikeAction(form: FormData): Promise<void> {
  const { result } = await runStaffCommand(form, reviewLookalikeCommand);
  if (result.ok) revalidatePath('/admin/reports');
}

export async function addDomainClaimAction(_: AdminActionState, form: FormData): Promise<AdminActionState> {
  const { result } = await runStaffCommand(form, addDomainClaimCommand);
  if (!result.ok) return { error: 'invalid' };
  revalidatePath('/admin/reports');
  return { ok: true };
}

export async function checkDomainsAction(_: AdminActionState): Promise<AdminActionState> {
  const { result } = await runStaffCommand(null, checkDomainsCommand);
  if (!result.ok) return { error: 'invalid' };
  revalidatePath('/admin/reports');
  return { ok: true, summary: result.data };
}
