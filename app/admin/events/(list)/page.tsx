import Link from 'next/link';
import { EventStatusBadge } from '@/components/events/event-status-badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db';
import { listAccountsForStaff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { listEventsForAccounts } from '@/lib/events/admin';
import { formatDateTime } from '@/lib/format';
import type { Locale, Translate } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

export default async function AdminEventsPage() {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const accesses = await listAccountsForStaff(db, staff, 'events.read');
  const list = await listEventsForAccounts(db, accesses.map((a) => a.account.id));
  const canCreate = accesses.some((a) => can(a.role, 'events.create'));
  // Already in order (lib/events/admin.ts): what is not over yet, soonest first; then the past.
  const upcoming = list.filter((e) => !e.past);
  const past = list.filter((e) => e.past);
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
        <>
          <section aria-labelledby="events-upcoming" className="space-y-2">
            <h2 id="events-upcoming" className="text-lg font-semibold">
              {t('eventsAdmin.list.upcoming')}
            </h2>
            {upcoming.length === 0 ? <p className="text-slate-700">{t('eventsAdmin.list.noUpcoming')}</p> : <EventList items={upcoming} t={t} locale={locale} />}
          </section>
          {past.length > 0 ? (
            <section aria-labelledby="events-past" className="space-y-2">
              <h2 id="events-past" className="text-lg font-semibold">
                {t('eventsAdmin.list.past')}
              </h2>
              <EventList items={past} t={t} locale={locale} />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function EventList({ items, t, locale }: { items: Awaited<ReturnType<typeof listEventsForAccounts>>; t: Translate; locale: Locale }) {
  return (
    <ul className="space-y-2" data-testid="admin-events">
      {items.map((e) => (
        <li key={e.id}>
          <Link href={`/admin/events/${e.id}`} className="block">
            <Card className="hover:ring-brand-600">
              <div className="flex items-start justify-between gap-2">
                <h3 className="min-w-0 break-words font-semibold">{e.title}</h3>
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
  );
}
