import Link from 'next/link';
import { getDb } from '@/db';
import { ActionForm } from '@/components/inbox/action-form';
import { InviteForm } from '@/components/staff/invite-form';
import { PendingInvitations } from '@/components/staff/pending-invitations';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { Written } from '@/components/ui/written';
import { requirePlatform } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { inviteFormCopy } from '@/lib/staff/form-copy';
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS, listPendingInvitations } from '@/lib/staff/invitations';
import { listUsers } from '@/lib/staff/users';
import { invitePlatformAdmin, revokePlatformInvitation, setUserDisabled } from './actions';

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('users.heading') };
}

/** Every user of the platform, for platform admins (docs/admin.md "Staff and invitations"). */
export default async function PlatformUsersPage() {
  const staff = await requirePlatform('users.manage');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [all, pending] = await Promise.all([listUsers(db), listPendingInvitations(db, null)]);
  const messages = {
    saved: t('users.enabledDone'),
    disabledDone: t('users.disabledDone'),
    enabledDone: t('users.enabledDone'),
    revoked: t('staff.pending.revoked'),
    self: t('staff.error.self'),
    not_pending: t('staff.error.not_pending'),
    invalid: t('staff.error.invalid'),
    error: t('staff.error.generic'),
  };
  return (
    <div className="space-y-6">
      <Link href="/admin" className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('admin.back')}
      </Link>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t('users.heading')}</h1>
        <p className="text-slate-700">{t('users.intro')}</p>
      </div>

      <ListSection id="users" title={t('users.list.heading')} empty={t('users.list.empty')} isEmpty={all.length === 0} compact>
        <ul className="space-y-2" data-testid="users">
          {all.map((u) => (
            <li key={u.id}>
              <Card className="space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Written locale={locale} className="font-semibold">
                    {u.name}
                  </Written>
                  {u.isPlatformAdmin ? <Badge tone="green">{t('role.platform_admin')}</Badge> : null}
                  {u.disabled ? <Badge tone="red">{t('staff.members.disabled')}</Badge> : null}
                </div>
                <p className="break-all text-sm text-slate-700">{u.email}</p>
                <p className="text-sm text-slate-700">
                  {u.lastLoginAt ? t('staff.members.lastLogin', { when: formatDateTime(u.lastLoginAt, locale) }) : t('staff.members.neverLoggedIn')}
                </p>
                <p className="text-sm text-slate-700">
                  <span className="font-medium">{t('users.memberships')}{t('punct.colon')}</span>
                  {u.memberships.length === 0
                    ? t('users.noMemberships')
                    : u.memberships.map((m, i) => (
                        <span key={m.slug}>
                          {i > 0 ? t('punct.enum') : ''}
                          <Written locale={locale}>{m.name}</Written> ({t(`role.${m.role}`)})
                        </span>
                      ))}
                </p>
                {u.id === staff.id ? null : (
                  <ActionForm
                    action={setUserDisabled}
                    submitLabel={u.disabled ? t('users.enable') : t('users.disable')}
                    pendingLabel={t('users.working')}
                    messages={messages}
                    inline
                  >
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="disabled" value={u.disabled ? 'false' : 'true'} />
                    <span className="sr-only">{u.disabled ? t('users.enableLabel', { email: u.email }) : t('users.disableLabel', { email: u.email })}</span>
                  </ActionForm>
                )}
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>

      <Card className="max-w-xl space-y-3">
        <h2 className="text-lg font-semibold">{t('users.invite.heading')}</h2>
        <p className="text-sm text-slate-700">{t('users.invite.intro')}</p>
        <InviteForm action={invitePlatformAdmin} defaultDays={INVITATION_DEFAULT_DAYS} maxDays={INVITATION_MAX_DAYS} copy={inviteFormCopy(t)} />
      </Card>

      <PendingInvitations title={t('users.pending.heading')} invitations={pending} revoke={revokePlatformInvitation} messages={messages} t={t} locale={locale} />
    </div>
  );
}
