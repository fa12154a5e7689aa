import { notFound } from 'next/navigation';
import { EventForm } from '@/components/events/event-form';
import { getDb } from '@/db';
import { listAccountsForStaff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { knownPlaces } from '@/lib/events/admin';
import { getTranslator } from '@/lib/i18n/server';
import { createEvent } from '../actions';
import { beijingInput, formCopy } from '../form-copy';

export default async function NewEventPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  const staff = await requireStaff();
  const { t } = await getTranslator();
  const db = await getDb();
  const editable = await listAccountsForStaff(db, staff, 'events.create');
  if (editable.length === 0) notFound();
  const wanted = (await searchParams).account;
  const account = editable.find((a) => a.account.slug === wanted) ?? editable[0]!;
  const { labels, help, messages, placeCopy } = formCopy(t);
  const places = await knownPlaces(db, account.account.id);
  const start = defaultStart();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('events.admin.new')}</h1>
      {editable.length > 1 ? (
        <nav aria-label={t('events.field.account')} className="flex flex-wrap gap-2 text-sm">
          {editable.map((a) => (
            <a key={a.account.id} href={`/admin/events/new?account=${a.account.slug}`} aria-current={a.account.id === account.account.id ? 'page' : undefined} className="rounded-full px-3 py-1 ring-1 ring-slate-300 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white">
              {a.account.name}
            </a>
          ))}
        </nav>
      ) : null}
      <p className="text-slate-700">
        {t('events.field.account')}
        {t('punct.colon')}
        {account.account.name}
      </p>
      <EventForm
        action={createEvent}
        hidden={{ account: account.account.slug }}
        values={{ title: '', body: '', coverUrl: '', placeName: '', address: '', latitude: '', longitude: '', startsAt: beijingInput(start), endsAt: beijingInput(new Date(start.getTime() + 3 * 3600_000)), capacity: '', registrationOpensAt: '', registrationClosesAt: '', interestTags: '', contact: '' }}
        labels={labels}
        help={help}
        places={places}
        placeCopy={placeCopy}
        submitLabel={t('events.action.create')}
        pendingLabel={t('events.action.saving')}
        messages={messages}
      />
    </div>
  );
}

/** A week from today at 09:00 Beijing time: a sensible first value for the form. */
function defaultStart(): Date {
  const start = new Date(Date.now() + 7 * 86_400_000);
  start.setUTCHours(1, 0, 0, 0);
  return start;
}
