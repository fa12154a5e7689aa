import { ActionForm } from '@/components/inbox/action-form';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import type { ActionState } from '@/app/admin/run-command';
import type { StaffInvitation } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import type { Locale, Translate } from '@/lib/i18n/messages';

/**
 * Invitations waiting for their invitee, each with its role (an account's) and expiry and a
 * withdraw button: the members page and the platform users page list them alike.
 */
export function PendingInvitations({
  title,
  invitations,
  revoke,
  messages,
  t,
  locale,
}: {
  title: string;
  invitations: StaffInvitation[];
  revoke: (state: ActionState, form: FormData) => Promise<ActionState>;
  messages: Record<string, string>;
  t: Translate;
  locale: Locale;
}) {
  return (
    <ListSection id="pending" title={title} empty={t('staff.pending.empty')} isEmpty={invitations.length === 0} compact>
      <ul className="space-y-2" data-testid="pending-invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id}>
            <Card className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <div className="min-w-0 flex-1">
                <p className="break-all font-medium">{invitation.email}</p>
                <p className="text-sm text-slate-700">
                  {invitation.role ? <Badge>{t(`role.${invitation.role}`)}</Badge> : null}{' '}
                  <time dateTime={invitation.expiresAt.toISOString()}>{t('staff.pending.expires', { when: formatDateTime(invitation.expiresAt, locale) })}</time>
                </p>
              </div>
              <ActionForm action={revoke} submitLabel={t('staff.pending.revoke')} pendingLabel={t('staff.pending.revoking')} messages={messages} inline>
                <input type="hidden" name="invitationId" value={invitation.id} />
                <span className="sr-only">{t('staff.pending.revokeLabel', { email: invitation.email })}</span>
              </ActionForm>
            </Card>
          </li>
        ))}
      </ul>
    </ListSection>
  );
}
