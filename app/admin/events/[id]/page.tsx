import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { QrCode } from '@/components/directory/qr-code';
import { EventActionForm, EventForm } from '@/components/events/event-form';
import { LiveCounts } from '@/components/events/live-counts';
import { EventStatusBadge } from '@/components/events/event-status-badge';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { eventForStaff, hasEnded, knownPlaces, liveEvent, mayEdit, ROSTER_PAGE_LIMIT, unreachableNotices } from '@/lib/events/admin';
import { eventScene, registrationKeyword } from '@/lib/events/parse-command';
import { demoFollowUrl, mayCreateParametricQr } from '@/lib/events/qr';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { cancelEvent, checkInRegistration, postponeEvent, promoteRegistration, publishEvent, publishOutcome, removeRegistration, thankAttendees, updateEvent } from '../actions';
import { beijingInput, formCopy, liveLabels } from '../form-copy';

export const dynamic = 'force-dynamic';

export default async function AdminEventPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const db = await getDb();
  const access = await eventForStaff({ db, staff, eventId: (await params).id, action: 'events.read', ip: clientIpFrom(await headers()) });
  if (!access) notFound();
  const { event, account, role } = access;
  const { t, locale } = await getTranslator();
  const editable = mayEdit(role);
  const [live, unreachable, places] = await Promise.all([liveEvent(db, event.id), unreachableNotices(db, event.id), editable ? knownPlaces(db, account.id) : []]);
  const { labels, help, messages, placeCopy } = formCopy(t);
  const ended = hasEnded(event);
  const config = env();
  const keyword = registrationKeyword(event.id);
  const parametric = mayCreateParametricQr(account);
  const demo = !parametric && config.simulatorEnabled;
  const hidden = { eventId: String(event.id) };
  const action = { eventId: event.id, pendingLabel: t('events.action.pending'), messages };
  const notEndedYet = ended ? undefined : t('eventsAdmin.after.notYet', { at: formatDateTime(event.endsAt, locale) });
  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/events" className="text-brand-700 underline underline-offset-4">
          {t('events.admin.back')}
        </Link>
      </p>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold">{event.title}</h1>
          <EventStatusBadge t={t} status={event.status} />
        </div>
        <p className="text-slate-700">
          {account.name} · #{event.id} · {formatDateTime(event.startsAt, locale)}
          {event.status === 'published' ? (
            <>
              {' · '}
              <Link href={`/events/${event.id}`} className="text-brand-700 underline underline-offset-4">
                /events/{event.id}
              </Link>
            </>
          ) : null}
        </p>
        {!editable ? <p className="text-sm text-amber-900">{t('events.admin.readOnly')}</p> : null}
      </header>

      <LiveCounts
        eventId={event.id}
        initial={live}
        labels={liveLabels(t, ROSTER_PAGE_LIMIT)}
        messages={messages}
        desk={editable && event.status === 'published' ? { checkIn: checkInRegistration, promote: promoteRegistration, remove: removeRegistration } : null}
        exportHref={`/admin/events/${event.id}/roster.csv`}
        limit={ROSTER_PAGE_LIMIT}
      />

      {editable && event.status === 'draft' ? <EventActionForm action={publishEvent} {...action} submitLabel={t('events.action.publish')} variant="primary" /> : null}

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{t('events.qr.heading')}</h2>
        <p className="rounded-lg bg-brand-50 p-3 text-lg font-semibold">{t('events.qr.keyword', { keyword })}</p>
        {parametric ? (
          event.registrationQrUrl && event.checkinQrUrl ? (
            <div className="grid grid-cols-2 gap-3">
              <figure>
                <QrCode text={event.registrationQrUrl} label={t('events.qr.register')} className="w-full" />
                <figcaption className="text-center text-sm">{t('events.qr.register')}</figcaption>
              </figure>
              <figure>
                <QrCode text={event.checkinQrUrl} label={t('events.qr.checkin')} className="w-full" />
                <figcaption className="text-center text-sm">{t('events.qr.checkin')}</figcaption>
              </figure>
              {event.qrExpiresAt ? <p className="col-span-2 text-sm text-slate-700">{t('events.qr.expires', { at: formatDateTime(event.qrExpiresAt, locale) })}</p> : null}
            </div>
          ) : (
            <p className="text-sm text-slate-700">{t('events.qr.missing')}</p>
          )
        ) : (
          <p className="text-sm text-slate-700">{t('events.qr.noParametric')}</p>
        )}
        {demo ? (
          <div className="grid grid-cols-2 gap-3">
            {(['event', 'checkin'] as const).map((kind) => {
              const url = demoFollowUrl(config.baseUrl, account.slug, eventScene(kind, event.id));
              const label = `${t('events.qr.demo')} · ${t(kind === 'event' ? 'events.qr.register' : 'events.qr.checkin')}`;
              return (
                <figure key={kind} className="space-y-1">
                  <QrCode text={url} label={label} className="w-full" />
                  <figcaption className="text-center text-sm">
                    <a href={url} target="_blank" rel="noopener" className="text-brand-700 underline underline-offset-4" data-testid={`demo-qr-${kind}`}>
                      {label}
                    </a>
                  </figcaption>
                </figure>
              );
            })}
          </div>
        ) : null}
      </Card>

      <Card className="space-y-2">
        <h2 className="text-lg font-semibold">{t('events.unreachable.heading')}</h2>
        {unreachable.length === 0 ? (
          <p className="text-sm text-slate-700">{t('events.unreachable.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-200 text-sm">
            {unreachable.map((u) => (
              <li key={u.id} className="py-2">
                <span className="font-medium">{u.who}</span> {u.phone} · {t(`events.kind.${u.kind}`)} ·{' '}
                {u.reason === 'no_wechat' || u.reason === 'window_closed' || u.reason === 'window_used_up' ? t(`events.unreachable.reason.${u.reason}`) : u.reason}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {editable && event.status === 'published' ? (
        <>
          <Card className="space-y-2">
            <h2 className="text-lg font-semibold">{t('eventsAdmin.postpone.heading')}</h2>
            <EventActionForm
              action={postponeEvent}
              {...action}
              submitLabel={t('events.action.postpone')}
              fields={[
                { name: 'startsAt', label: labels.startsAt!, kind: 'datetime-local', defaultValue: beijingInput(event.startsAt), required: true },
                { name: 'endsAt', label: labels.endsAt!, kind: 'datetime-local', defaultValue: beijingInput(event.endsAt), required: true, help: help.endsAt },
              ]}
            />
          </Card>
          <Card className="space-y-4">
            <h2 className="text-lg font-semibold">{t('eventsAdmin.after.heading')}</h2>
            {/* Recap and thanks describe what happened; the server refuses them before the end too. */}
            <EventActionForm
              action={publishOutcome}
              {...action}
              submitLabel={t('events.action.outcome')}
              disabledReason={notEndedYet}
              fields={
                ended
                  ? [
                      { name: 'outcomeNote', label: t('events.field.outcomeNote'), kind: 'textarea', defaultValue: event.outcomeNote ?? '', required: true },
                      { name: 'outcomePhotos', label: t('events.field.outcomePhotos'), kind: 'textarea', rows: 2, defaultValue: event.outcomePhotos.join('\n') },
                    ]
                  : []
              }
            />
            <EventActionForm action={thankAttendees} {...action} submitLabel={t('events.action.thank')} disabledReason={notEndedYet} />
          </Card>
        </>
      ) : null}

      {editable && event.status !== 'cancelled' ? (
        <details className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <summary className="cursor-pointer font-semibold">{t('events.admin.edit')}</summary>
          <div className="mt-3">
            <EventForm
              action={updateEvent}
              hidden={hidden}
              values={{
                title: event.title,
                body: event.body,
                coverUrl: event.coverUrl ?? '',
                placeName: event.placeName ?? '',
                address: event.address ?? '',
                latitude: event.latitude?.toString() ?? '',
                longitude: event.longitude?.toString() ?? '',
                startsAt: beijingInput(event.startsAt),
                endsAt: beijingInput(event.endsAt),
                capacity: event.capacity?.toString() ?? '',
                registrationOpensAt: beijingInput(event.registrationOpensAt),
                registrationClosesAt: beijingInput(event.registrationClosesAt),
                interestTags: event.interestTags.join(t('punct.comma')),
                contact: event.contact ?? '',
              }}
              labels={labels}
              help={help}
              places={places}
              placeCopy={placeCopy}
              submitLabel={t('events.action.save')}
              pendingLabel={t('events.action.saving')}
              messages={messages}
            />
          </div>
          <EventActionForm action={cancelEvent} {...action} submitLabel={t('events.action.cancel')} className="mt-4" />
        </details>
      ) : null}
    </div>
  );
}
