import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { EventBody } from '@/components/events/event-body';
import { WebRegistrationForm } from '@/components/events/web-registration-form';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { publicOutcome } from '@/lib/events/outcome';
import { getPublicEvent } from '@/lib/events/public-events';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { registerOnWebAction } from './actions';

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
  const outcome = await publicOutcome({ db: await getDb(), id: event.id });
  const webCopy = Object.fromEntries(
    (['name', 'phone', 'consent', 'submit', 'pending', 'confirmed', 'waitlisted', 'already', 'closed', 'not_open', 'invalid', 'rate_limited', 'error.name', 'error.phone', 'error.consent'] as const).map((k) => [k, t(`events.public.${k}`)]),
  );
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
      {outcome ? (
        <section aria-labelledby="outcome-heading">
          <Card className="space-y-3">
            <h2 id="outcome-heading" className="text-xl font-semibold">
              {t('events.public.outcome')}
            </h2>
            <p className="whitespace-pre-line text-slate-800">{outcome.note}</p>
            {outcome.photos.length ? (
              <ul className="grid grid-cols-2 gap-2">
                {outcome.photos.map((src) => (
                  <li key={src}>
                    {/* eslint-disable-next-line @next/next/no-img-element -- staff-entered https URLs from any host; next/image would need each host allow-listed */}
                    <img src={src} alt="" loading="lazy" className="aspect-[4/3] w-full rounded-lg object-cover" />
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
        </section>
      ) : null}
      <section aria-labelledby="web-register-heading">
        <Card className="space-y-2">
          <h2 id="web-register-heading" className="text-xl font-semibold">
            {t('events.public.webHeading')}
          </h2>
          <WebRegistrationForm action={registerOnWebAction} eventId={event.id} copy={webCopy} />
        </Card>
      </section>
      {event.body ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-xl font-semibold">
            {t('dir.events.details')}
          </h2>
          <div className="mt-2">
            <EventBody body={event.body} />
          </div>
        </section>
      ) : null}
    </article>
  );
}
