import Link from 'next/link';
import { AccountForm } from '@/components/accounts/account-form';
import { StatusForm } from '@/components/accounts/status-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { listDeactivatedAccounts } from '@/lib/accounts/commands';
import { requirePlatform } from '@/lib/auth/session';
import { listRegions } from '@/lib/directory/search-accounts';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { formCopy, profileFields, verificationFields } from '../form-copy';
import { createAccount, reactivateAccount } from './actions';

/** Platform admin: a new account's details, and the deactivated accounts to bring back. */
export default async function NewAccountPage() {
  await requirePlatform('accounts.create');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [regions, deactivated] = await Promise.all([listRegions(db), listDeactivatedAccounts(db)]);
  const slugField = { name: 'slug', label: t('accountsAdmin.field.slug'), hint: t('accountsAdmin.help.slug'), kind: 'text' as const, required: true, mono: true, defaultValue: '' };
  return (
    <div className="space-y-4">
      <Link href="/admin" className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('admin.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('accountsAdmin.new.heading')}</h1>
      <p className="text-slate-700">{t('accountsAdmin.new.intro')}</p>
      <Card>
        <AccountForm action={createAccount} hidden={{}} idPrefix="new" fields={[slugField, ...profileFields(t, locale, regions), ...verificationFields(t)]} copy={formCopy(t, 'accountsAdmin.new.submit')} />
      </Card>
      <section id="deactivated" aria-labelledby="deactivated-heading" className="space-y-2">
        <h2 id="deactivated-heading" className="text-lg font-semibold">
          {t('accountsAdmin.status.deactivated')}
        </h2>
        {deactivated.length === 0 ? (
          <p className="text-slate-700">{t('accountsAdmin.status.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
            {deactivated.map((a) => (
              <li key={a.slug} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
                <div>
                  <p className="font-medium">{a.name}</p>
                  <p className="text-sm text-slate-700">{t('accountsAdmin.status.since', { date: formatDateTime(a.disabledAt, locale) })}</p>
                </div>
                <StatusForm action={reactivateAccount} slug={a.slug} label={t('accountsAdmin.status.reactivate')} done={t('accountsAdmin.status.reactivated')} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
