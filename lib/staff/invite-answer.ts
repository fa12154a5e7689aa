import type { CommandResult } from '../auth/staff-command';
import { formatDateTime } from '../format';
import type { Locale } from '../i18n/messages';
import type { CreatedInvitation } from './commands';
import { invitationLink } from './invitation-token';
import type { InviteState } from './invite-state';

/** The invite form's state for a command's answer: the link once on success, what was typed on an error. */
export function inviteAnswer(
  result: Exclude<CommandResult<CreatedInvitation>, { notFound: true }>,
  input: Record<string, FormDataEntryValue>,
  baseUrl: string,
  locale: Locale,
): InviteState {
  const at = Date.now();
  if (result.ok) {
    return { ok: true, code: 'invited', link: invitationLink(baseUrl, result.data.token), email: result.data.email, until: formatDateTime(result.data.expiresAt, locale), at };
  }
  const text = (name: string) => (typeof input[name] === 'string' ? (input[name] as string).slice(0, 300) : undefined);
  const values = { email: text('email'), role: text('role'), validDays: text('validDays') };
  if ('fieldErrors' in result) return { ok: false, fieldErrors: result.fieldErrors, values, at };
  return { ok: false, code: result.error, values, at };
}
