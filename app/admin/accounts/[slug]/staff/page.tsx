import Link from 'next/link';
import { getDb } from '@/db';
import { ActionForm } from '@/components/inbox/action-form';
import { InviteForm } from '@/components/staff/invite-form';
import { PendingInvitations } from '@/components/staff/pending-invitations';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { Written } from '@/components/ui/written';
import { requireAccount } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS, listPendingInvitations } from '@/lib/staff/invitations';
import { listMembers } from '@/lib/staff/members';
import { inviteFormCopy, ROLE_CHOICES } from '@/lib/staff/form-copy';
import { changeRole, inviteMember, removeMember, revokeInvitation } from './actions';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('staff.heading') };
}

/** An account's members and invitations, for its account admins (docs/admin.md "Staff and invitations"). */
export default async function StaffPage({ params }: Props) {
  const { slug } = await params;
  const { account, staff } = await requireAccount(slug, 'staff.view');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [members, pending] = await Promise.all([listMembers(db, account.id), listPendingInvitations(db, account.id)]);
  const roles = ROLE_CHOICES.map((value) => ({ value, label: t(`role.${value}`) }));
  const messages = {
    saved: t('staff.members.roleSaved'),
    roleSaved: t('staff.members.roleSaved'),
    removed: t('staff.members.removed'),
    revoked: t('staff.pending.revoked'),
    last_admin: t('staff.error.last_admin'),
    not_pending: t('staff.error.not_pending'),
    invalid: t('staff.error.invalid'),
    error: t('staff.error.generic'),
  };
  const select = 'block min-h-11 rounded-lg border border-slate-300 bg-white px-3 text-base';
  return (
    <div className="space-y-6">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t('staff.heading')}</h1>
        <p className="text-slate-700">{t('staff.intro')}</p>
      </div>

      <Card className="max-w-xl space-y-3">
        <h2 className="text-lg font-semibold">{t('staff.invite.heading')}</h2>
        <p className="text-sm text-slate-700">{t('staff.invite.intro')}</p>
        <InviteForm
          action={inviteMember}
          hidden={{ account: account.slug }}
          roles={roles}
          defaultDays={INVITATION_DEFAULT_DAYS}
          maxDays={INVITATION_MAX_DAYS}
          copy={inviteFormCopy(t)}
        />
      </Card>

      <PendingInvitations title={t('staff.pending.heading')} invitations={pending} revoke={revokeInvitation} messages={messages} t={t} locale={locale} />

      <ListSection id="members" title={t('staff.members.heading')} empty={t('staff.members.empty')} isEmpty={members.length === 0} compact>
        <ul className="space-y-2" data-testid="members">
          {members.map((m) => (
            <li key={m.userId}>
              <Card className="space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <Written locale={locale} className="font-semibold">
                    {m.name}
                  </Written>
                  {m.userId === staff.id ? <span className="text-sm text-slate-700">{t('staff.members.you')}</span> : null}
                  <Badge>{t(`role.${m.role}`)}</Badge>
                  {m.disabled ? <Badge tone="red">{t('staff.members.disabled')}</Badge> : null}
                </div>
                <p className="break-all text-sm text-slate-700">{m.email}</p>
                <p className="text-sm text-slate-700">
                  {m.lastLoginAt ? t('staff.members.lastLogin', { when: formatDateTime(m.lastLoginAt, locale) }) : t('staff.members.neverLoggedIn')}
                </p>
                <div className="flex flex-wrap items-start gap-x-4">
                  <ActionForm action={changeRole} submitLabel={t('staff.members.saveRole')} pendingLabel={t('staff.members.savingRole')} messages={messages} inline>
                    <input type="hidden" name="account" value={account.slug} />
                    <input type="hidden" name="userId" value={m.userId} />
                    <label htmlFor={`role-${m.userId}`} className="sr-only">
                      {t('staff.members.roleLabel', { name: m.name })}
                    </label>
                    <select id={`role-${m.userId}`} name="role" defaultValue={m.role} className={select}>
                      {roles.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                  </ActionForm>
                  {/* Two steps, so a stray tap on a phone does not remove a colleague. */}
                  <details className="group">
                    <summary className="inline-flex min-h-11 cursor-pointer list-none items-center rounded-lg px-4 text-base font-medium ring-1 ring-slate-300 hover:bg-slate-50">
                      {t('staff.members.remove')}
                    </summary>
                    <div className="mt-2 space-y-2">
                      <p className="text-sm text-slate-700">{t('staff.members.removeConfirm', { name: m.name })}</p>
                      <ActionForm action={removeMember} submitLabel={t('staff.members.removeLabel', { name: m.name })} pendingLabel={t('staff.members.removing')} messages={messages} inline>
                        <input type="hidden" name="account" value={account.slug} />
                        <input type="hidden" name="userId" value={m.userId} />
                      </ActionForm>
                    </div>
                  </details>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>
    </div>
  );
}
