import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { countsForAccounts } from '@/lib/admin/account-overview';
import { listAccountsForStaff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

export default async function AdminHome() {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const accesses = await listAccountsForStaff(db, staff, 'account.view');
  const counts = await countsForAccounts(db, accesses.map((a) => a.account.id));
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('admin.heading')}</h1>
      {staff.isPlatformAdmin ? (
        <p>
          <Link href="/admin/audit" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {t('records.audit.platformLink')}
          </Link>
          <Link href="/admin/accounts/new" className="ml-4 inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {t('accountsAdmin.nav.new')}
          </Link>
          <Link href="/admin/users" className="ml-4 inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {t('users.nav')}
          </Link>
        </p>
      ) : null}
      {accesses.length === 0 ? (
        <EmptyState>{t('admin.empty')}</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {accesses.map(({ account, role }) => {
            const c = counts.get(account.id);
            return (
              <li key={account.id}>
                <Link href={`/admin/accounts/${account.slug}`} className="block">
                  <Card className="h-full hover:ring-brand-600">
                    <div className="flex items-center justify-between gap-2">
                      <Written as="h2" locale={locale} className="text-lg font-semibold">
                        {account.name}
                      </Written>
                      <Badge>{t(`role.${role}`)}</Badge>
                    </div>
                    <dl className="mt-2 flex gap-6 text-sm text-slate-700">
                      <div>
                        <dt>{t('admin.followers')}</dt>
                        <dd className="text-xl font-semibold">{c?.followers ?? 0}</dd>
                      </div>
                      <div>
                        <dt>{t('admin.openConversations')}</dt>
                        <dd className="text-xl font-semibold">{c?.open ?? 0}</dd>
                      </div>
                    </dl>
                  </Card>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
