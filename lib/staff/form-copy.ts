import type { MemberRole } from '../../db/schema';
import type { Translate } from '../i18n/messages';
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS } from './invitations';

/** The roles an account admin gives, most to least powerful (lib/auth/permissions.ts ROLES without platform admin). */
export const ROLE_CHOICES = ['account_admin', 'editor', 'reviewer', 'agent'] as const satisfies readonly MemberRole[];

/** The invite form's copy in the reader's language (members page and platform users page alike). */
export function inviteFormCopy(t: Translate) {
  const sizes = { max: INVITATION_MAX_DAYS, default: INVITATION_DEFAULT_DAYS };
  return {
    email: t('staff.invite.email'),
    role: t('staff.invite.role'),
    days: t('staff.invite.days'),
    daysHint: t('staff.invite.daysHint', sizes),
    submit: t('staff.invite.submit'),
    pending: t('staff.invite.pending'),
    created: t('staff.invite.created'),
    onceOnly: t('staff.invite.onceOnly'),
    linkLabel: t('staff.invite.linkLabel'),
    copy: t('staff.invite.copy'),
    copied: t('staff.invite.copied'),
    copyFailed: t('staff.invite.copyFailed'),
    errors: {
      email: t('staff.invite.error.email'),
      role: t('staff.invite.error.role'),
      days: t('staff.invite.error.days', sizes),
      already_member: t('staff.invite.error.already_member'),
      already_admin: t('staff.invite.error.already_admin'),
      generic: t('staff.error.generic'),
      invalid: t('staff.error.invalid'),
    },
  };
}
