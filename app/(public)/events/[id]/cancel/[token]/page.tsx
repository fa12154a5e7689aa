import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { findWebRegistrationByLink } from '@/lib/events/public-registration';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { cancelOnWebAction } from '../../actions';
import { WebCancelForm, type WebCancelCopy } from './cancel-form';

export const dynamic = 'force-dynamic';

/**
 * A web registrant's private page (the link on their confirmation): the registration and one
 * button to cancel it. The token proves the link was ours for this registration of this event
 * (lib/events/public-cancel-token.ts); anything else is a 404 that tells nothing. Not indexed,
 * and no Referer carries the token to another site.
 */
export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('events.cancel.title'), robots: { index: false, follow: false }, referrer: 'no-referrer' };
}

export default async function CancelRegistrationPage({ params }: { params: Promise<{ id: string; token: string }> }) {
  const { id, token } = await params;
  const keys = env().secretKeys;
  if (!/^\d{1,10}$/.test(id) || !keys) notFound();
  const view = await findWebRegistrationByLink({ db: await getDb(), keys, eventId: Number(id), token });
  if (!view) notFound();
  const { t, locale } = await getTranslator();
  const { event } = view;
  const copy = {
    confirm: t('events.cancel.confirm'),
    pending: t('events.cancel.pending'),
    cancelled: t('events.cancel.done'),
    already: t('events.cancel.already'),
    closed: t('events.cancel.closed'),
    not_found: t('events.cancel.notFound'),
  } satisfies Record<WebCancelCopy, string>;
  const place = [event.place, event.address].filter(Boolean).join(t('punct.comma'));
  return (
    <article className="space-y-6">
      <h1 className="text-2xl font-bold">{t('events.cancel.title')}</h1>
      <Card className="space-y-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          <dt className="text-slate-700">{t('events.public.done.event')}</dt>
          <dd className="font-medium">
            <Link href={`/events/${event.id}`} className="text-brand-700 underline underline-offset-4">
              {event.title}
            </Link>
          </dd>
          <dt className="text-slate-700">{t('events.public.done.time')}</dt>
          <dd>
            <time dateTime={event.startsAt.toISOString()}>{formatDateTime(event.startsAt, locale)}</time>
          </dd>
          {place ? (
            <>
              <dt className="text-slate-700">{t('events.public.done.place')}</dt>
              <dd>{place}</dd>
            </>
          ) : null}
          <dt className="text-slate-700">{t('events.public.name')}</dt>
          <dd>{view.name}</dd>
          <dt className="text-slate-700">{t('events.public.phone')}</dt>
          <dd>{view.maskedPhone}</dd>
          <dt className="text-slate-700">{t('events.public.done.reference')}</dt>
          <dd className="font-mono font-semibold">{view.reference}</dd>
          <dt className="text-slate-700">{t('events.cancel.status')}</dt>
          <dd data-testid="registration-status" className="font-medium">
            {t(`events.cancel.status.${view.status}`)}
          </dd>
        </dl>
        {view.status === 'cancelled' ? (
          // Also what the page shows right after the confirm button (the action revalidates it).
          <p role="status" data-testid="cancel-result" className="text-lg font-semibold">
            {t('events.cancel.done')}
          </p>
        ) : event.cancelled ? (
          <p className="font-medium">{t('events.cancel.eventCancelled')}</p>
        ) : event.ended ? (
          <p className="font-medium">{t('events.cancel.ended')}</p>
        ) : (
          <>
            <p>{t(view.status === 'waitlisted' ? 'events.cancel.introWaitlisted' : 'events.cancel.intro')}</p>
            <WebCancelForm action={cancelOnWebAction} eventId={event.id} token={token} copy={copy} />
          </>
        )}
      </Card>
      <p>
        <Link href={`/events/${event.id}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('events.cancel.back')}
        </Link>
      </p>
    </article>
  );
}
