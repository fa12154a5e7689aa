import Link from 'next/link';
import { EventStatusBadge } from '@/components/events/event-status-badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db';
import { listAccountsForStaff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { listEventsForAccounts, mayEdit } from '@/lib/events/admin';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

export default async function AdminEventsPage() {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const accesses = await listAccountsForStaff(db, staff);
  const list = await listEventsForAccounts(db, accesses.map((a) => a.account.id));
  const canCreate = accesses.some((a) => mayEdit(a.role));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t('events.admin.heading')}</h1>
        {canCreate ? (
          <Link href="/admin/events/new" className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
            {t('events.admin.new')}
          </Link>
        ) : null}
      </div>
      {list.length === 0 ? (
        <EmptyState>{t('events.admin.empty')}</EmptyState>
      ) : (
        <ul className="space-y-2">
          {list.map((e) => (
            <li key={e.id}>
              <Link href={`/admin/events/${e.id}`} className="block">
                <Card className="hover:ring-brand-600">
                  <div className="flex items-start justify-between gap-2">
                    <h2 className="font-semibold">{e.title}</h2>
                    <EventStatusBadge t={t} status={e.status} />
                  </div>
                  <p className="mt-1 text-sm text-slate-700">
                    {e.accountName} · #{e.id} · {formatDateTime(e.startsAt, locale)}
                  </p>
                  <p className="text-sm text-slate-700">
                    {t('events.count.registered')} {e.registered}
                    {e.capacity ? ` / ${e.capacity}` : ''}
                  </p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
