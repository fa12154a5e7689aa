import Link from 'next/link';
import { AccountForm } from '@/components/accounts/account-form';
import { PageSection } from '@/components/accounts/page-section';
import { StatusForm } from '@/components/accounts/status-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { listRegions } from '@/lib/directory/search-accounts';
import { getTranslator } from '@/lib/i18n/server';
import { formCopy, profileFields, verificationFields } from '../../form-copy';
import { deactivateAccount, setVerification, updateAccount } from './actions';

type Props = { params: Promise<{ slug: string }> };

/** The account's details (account admins); its verification and deactivation (platform admin). */
export default async function AccountSettingsPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'accounts.edit');
  const { t, locale } = await getTranslator();
  const regions = await listRegions(await getDb());
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {account.name}
      </Link>
      <h1 className="text-2xl font-bold">{t('accountsAdmin.settings.heading')}</h1>
      <Card>
        <AccountForm action={updateAccount} hidden={{ slug: account.slug }} idPrefix="profile" fields={profileFields(t, locale, regions, account)} copy={formCopy(t, 'accountsAdmin.settings.submit')} />
      </Card>
      {can(role, 'accounts.verify') ? (
        <PageSection id="verify" title={t('accountsAdmin.verify.heading')} intro={t('accountsAdmin.verify.intro')}>
          <Card>
            <AccountForm action={setVerification} hidden={{ slug: account.slug }} idPrefix="verify" fields={verificationFields(t, account)} copy={formCopy(t, 'accountsAdmin.verify.submit')} />
          </Card>
        </PageSection>
      ) : null}
      {can(role, 'accounts.deactivate') ? (
        <PageSection id="status" title={t('accountsAdmin.status.heading')} intro={t('accountsAdmin.status.intro')}>
          <StatusForm action={deactivateAccount} slug={account.slug} label={t('accountsAdmin.status.deactivate')} confirmLabel={t('accountsAdmin.status.confirm')} done={t('accountsAdmin.saved')} />
        </PageSection>
      ) : null}
    </div>
  );
}
