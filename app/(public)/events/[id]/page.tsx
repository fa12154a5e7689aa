import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { getPublicEvent } from '@/lib/events/public-events';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

const load = cache(async (id: string) => (/^\d{1,10}$/.test(id) ? getPublicEvent({ db: await getDb(), id: Number(id) }) : null));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const event = await load((await params).id);
  return event ? { title: event.title, description: event.body.slice(0, 150), openGraph: { title: event.title, description: event.body.slice(0, 150) } } : {};
}

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const event = await load((await params).id);
  if (!event) notFound();
  const { t, locale } = await getTranslator();
  const full = event.capacity !== null && event.registeredCount >= event.capacity;
  return (
    <article className="space-y-6">
      <p>
        <Link href="/events" className="text-brand-700 underline underline-offset-4">
          {t('dir.events.back')}
        </Link>
      </p>
      <header>
        <h1 className="text-2xl font-bold">{event.title}</h1>
        <p className="mt-1 text-slate-700">
          {t('dir.events.host')}{' '}
          <Link href={`/accounts/${event.account.slug}`} className="font-medium text-brand-700 underline underline-offset-4">
            {event.account.name}
          </Link>
        </p>
      </header>
      <Card>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="text-slate-700">{t('dir.events.time')}</dt>
          <dd>
            <time dateTime={event.startsAt.toISOString()}>{formatDateTime(event.startsAt, locale)}</time> –{' '}
            <time dateTime={event.endsAt.toISOString()}>{formatDateTime(event.endsAt, locale)}</time>
          </dd>
          {event.place || event.address ? (
            <>
              <dt className="text-slate-700">{t('dir.events.place')}</dt>
              <dd>{[event.place, event.address].filter(Boolean).join('，')}</dd>
            </>
          ) : null}
          <dt className="text-slate-700">{t('dir.events.capacity')}</dt>
          <dd>
            {event.capacity ? t('dir.events.capacityValue', { registered: event.registeredCount, capacity: event.capacity }) : t('dir.events.unlimited')}
            {full ? <span className="block font-medium text-amber-900">{t('dir.events.full')}</span> : null}
            {event.waitlistCount > 0 ? <span className="block text-sm text-slate-700">{t('dir.events.waitlist', { count: event.waitlistCount })}</span> : null}
          </dd>
          {event.contact ? (
            <>
              <dt className="text-slate-700">{t('dir.events.contact')}</dt>
              <dd>{event.contact}</dd>
            </>
          ) : null}
        </dl>
      </Card>
      <section aria-labelledby="register-heading">
        <Card className="space-y-2 ring-2 ring-brand-600">
          <h2 id="register-heading" className="text-xl font-semibold">
            {t('dir.events.howToRegister')}
          </h2>
          <p className="text-lg">{t('dir.events.registerSteps', { account: event.account.name, keyword: event.registrationKeyword })}</p>
          {event.registrationClosesAt ? <p className="text-sm text-slate-700">{t('dir.events.registrationCloses', { at: formatDateTime(event.registrationClosesAt, locale) })}</p> : null}
          <p className="flex flex-wrap gap-3">
            <a href={`/events/${event.id}/event.ics`} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
              {t('dir.events.addToCalendar')}
            </a>
            <Link href={`/accounts/${event.account.slug}`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
              {t('dir.account.follow')}
            </Link>
          </p>
        </Card>
      </section>
      {event.body ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-xl font-semibold">
            {t('dir.events.details')}
          </h2>
          <p className="mt-2 whitespace-pre-line text-slate-800">{event.body}</p>
        </section>
      ) : null}
    </article>
  );
}
