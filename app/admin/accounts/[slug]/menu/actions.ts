'use server';

import { revalidatePath } from 'next/cache';
import { actionState, runStaffCommand, type ActionState } from '@/app/admin/run-command';
import { checkMenuLinksCommand, publishMenuCommand, saveMenuCommand } from '@/lib/menu/commands';

/** The menu editor's actions: runStaffCommand → the command (lib/menu/commands.ts) → revalidate the page. */
const page = '/admin/accounts/[slug]/menu';

export async function saveMenu(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, saveMenuCommand);
  revalidatePath(page, 'page');
  return actionState(result, 'saved', 'invalid');
}

export async function checkMenuLinks(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, checkMenuLinksCommand);
  revalidatePath(page, 'page');
  return actionState(result, 'checked');
}

export async function publishMenu(_: ActionState, form: FormData): Promise<ActionState> {
  const { result } = await runStaffCommand(form, publishMenuCommand);
  revalidatePath(page, 'page');
  return actionState(result, 'published');
}
