import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CopyButton } from '@/components/directory/copy-button';
import { EventBody, PhoneText } from '@/components/events/event-body';
import { WebRegistrationForm, type WebRegistrationCopy } from '@/components/events/web-registration-form';
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

const WEB_COPY: WebRegistrationCopy[] = [
  'name', 'phone', 'phoneHint', 'consent', 'submit', 'pending', 'already', 'closed', 'not_open', 'rate_limited', 'error.name', 'error.phone', 'error.consent',
  'done.confirmed', 'done.waitlisted', 'done.event', 'done.time', 'done.place', 'done.reference', 'done.next', 'done.nextConfirmed', 'done.nextWaitlisted',
  'done.reminder', 'done.calendar', 'done.cancelHeading', 'done.cancelText', 'done.cancelLink', 'done.copyLink', 'done.copied', 'done.copyFailed', 'done.another',
];

/**
 * An event for citizens: what it is first (title, time, place, details), then how to register —
 * by the WeChat keyword or on this page (docs/events.md).
 */
export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const event = await load((await params).id);
  if (!event) notFound();
  const { t, locale } = await getTranslator();
  const full = event.capacity !== null && event.registeredCount >= event.capacity;
  const outcome = await publicOutcome({ db: await getDb(), id: event.id });
  const webCopy = Object.fromEntries(WEB_COPY.map((k) => [k, t(`events.public.${k}`)])) as Record<WebRegistrationCopy, string>;
  const place = [event.place, event.address].filter(Boolean).join(t('punct.comma'));
  const when = `${formatDateTime(event.startsAt, locale)} – ${formatDateTime(event.endsAt, locale)}`;
  return (
    <article className="space-y-6">
      <p>
        <Link href="/events" className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
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
          {place ? (
            <>
              <dt className="text-slate-700">{t('dir.events.place')}</dt>
              <dd>{place}</dd>
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
              <dt className="self-center text-slate-700">{t('dir.events.contact')}</dt>
              <dd data-testid="event-contact">
                <PhoneText text={event.contact} />
              </dd>
            </>
          ) : null}
        </dl>
      </Card>
      {event.body ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading" className="text-xl font-semibold">
            {t('dir.events.details')}
          </h2>
          <div className="mt-2" data-testid="event-body">
            <EventBody body={event.body} />
          </div>
        </section>
      ) : null}
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
      <section id="register" aria-labelledby="register-heading" className="scroll-mt-4">
        <Card className="space-y-5 ring-2 ring-brand-600">
          <h2 id="register-heading" className="text-xl font-semibold">
            {t('dir.events.howToRegister')}
          </h2>
          <div className="space-y-3">
            <h3 className="text-lg font-semibold">{t('events.public.keyword.heading')}</h3>
            <p>{t('dir.events.registerSteps', { account: event.account.name, keyword: event.registrationKeyword })}</p>
            <p className="flex flex-wrap items-center gap-3">
              {/* The keyword is Chinese in every language of the page: it is what the account reads (lib/events/parse-command.ts). */}
              <span lang="zh-CN" data-testid="event-keyword" className="rounded-lg bg-slate-100 px-3 py-2 text-2xl font-bold tabular-nums text-slate-900">
                {event.registrationKeyword}
              </span>
              <CopyButton
                value={event.registrationKeyword}
                label={t('events.public.keyword.copy')}
                copiedLabel={t('events.public.keyword.copied')}
                failedLabel={t('events.public.keyword.copyFailed')}
              />
            </p>
            {locale !== 'zh-CN' ? (
              <p data-testid="keyword-help" className="text-slate-800">
                {t('events.public.keyword.typeAsShown', { word: event.registrationKeyword.replace(/\s*\d+$/, '') })}
              </p>
            ) : null}
            {event.registrationClosesAt ? <p className="text-sm text-slate-700">{t('dir.events.registrationCloses', { at: formatDateTime(event.registrationClosesAt, locale) })}</p> : null}
            <p className="flex flex-wrap gap-3">
              <Link href={`/accounts/${event.account.slug}`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
                {t('dir.account.follow')}
              </Link>
              <a href={`/events/${event.id}/event.ics`} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
                {t('dir.events.addToCalendar')}
              </a>
            </p>
          </div>
          <div className="space-y-2 border-t border-slate-200 pt-4">
            <h3 id="web-register-heading" className="text-lg font-semibold">
              {t('events.public.webHeading')}
            </h3>
            <WebRegistrationForm action={registerOnWebAction} event={{ id: event.id, title: event.title, when, place: place || null }} copy={webCopy} />
          </div>
        </Card>
      </section>
    </article>
  );
}
