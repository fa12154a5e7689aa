import type { ComponentProps } from 'react';
import { ActionForm } from '@/components/inbox/action-form';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import type { StaffInvitation } from '@/db/schema';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';

type ActionFormProps = ComponentProps<typeof ActionForm>;

/**
 * Invitations still waiting for their invitee, each with its expiry and a withdraw button: the
 * account's staff page and the platform's users page list them alike (docs/admin.md "Staff and
 * invitations"). An account invitation also shows the role it grants.
 */
export async function PendingInvitations({
  pending,
  title,
  revoke,
  messages,
}: {
  pending: StaffInvitation[];
  title: string;
  revoke: ActionFormProps['action'];
  messages: ActionFormProps['messages'];
}) {
  const { t, locale } = await getTranslator();
  return (
    <ListSection id="pending" title={title} empty={t('staff.pending.empty')} isEmpty={pending.length === 0} compact>
      <ul className="space-y-2" data-testid="pending-invitations">
        {pending.map((invitation) => (
          <li key={invitation.id}>
            <Card className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <div className="min-w-0 flex-1">
                <p className="break-all font-medium">{invitation.email}</p>
                <p className="text-sm text-slate-700">
                  {invitation.role ? (
                    <>
                      <Badge>{t(`role.${invitation.role}`)}</Badge>{' '}
                    </>
                  ) : null}
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
