import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { QrCode } from '@/components/directory/qr-code';
import { EventForm } from '@/components/events/event-form';
import { LiveCounts } from '@/components/events/live-counts';
import { ActionForm } from '@/components/inbox/action-form';
import { EventStatusBadge } from '@/components/events/event-status-badge';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { eventCounts, eventForStaff, mayEdit, roster, unreachableNotices } from '@/lib/events/admin';
import { eventScene } from '@/lib/events/parse-command';
import { demoFollowUrl, mayCreateParametricQr } from '@/lib/events/qr';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { cancelEvent, postponeEvent, publishEvent, publishOutcome, thankAttendees, updateEvent } from '../actions';
import { beijingInput, formCopy } from '../form-copy';

export const dynamic = 'force-dynamic';

export default async function AdminEventPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaff();
  const db = await getDb();
  const access = await eventForStaff({ db, staff, eventId: (await params).id, ip: clientIpFrom(await headers()) });
  if (!access) notFound();
  const { event, account, role } = access;
  const { t, locale } = await getTranslator();
  const [counts, people, unreachable] = await Promise.all([eventCounts(db, event.id), roster({ db, eventId: event.id }), unreachableNotices(db, event.id)]);
  const editable = mayEdit(role);
  const { labels, messages } = formCopy(t);
  const config = env();
  const keyword = `报名 ${event.id}`;
  const parametric = mayCreateParametricQr(account);
  const demo = !parametric && config.simulatorEnabled;
  const hidden = { eventId: String(event.id) };
  const action = { submitLabel: '', pendingLabel: t('events.action.pending'), messages };
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

      <Card>
        <LiveCounts
          eventId={event.id}
          initial={counts}
          labels={{ registered: t('events.count.registered'), waitlisted: t('events.count.waitlisted'), checkedIn: t('events.count.checkedIn'), capacity: t('events.count.capacity'), live: t('events.count.live') }}
        />
      </Card>

      {editable && event.status === 'draft' ? (
        <ActionForm action={publishEvent} {...action} submitLabel={t('events.action.publish')} variant="primary">
          <input type="hidden" name="eventId" value={event.id} />
        </ActionForm>
      ) : null}

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

      <Card className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{t('events.roster.heading')}</h2>
          <a href={`/admin/events/${event.id}/roster.csv`} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
            {t('events.action.export')}
          </a>
        </div>
        {people.length === 0 ? (
          <EmptyState>{t('events.roster.empty')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200">
            {people.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="font-medium">{p.name || t('events.roster.follower')}</span>
                <span className="text-sm text-slate-700 tabular-nums">{p.phone}</span>
                <span className="flex gap-1">
                  <Badge tone={p.status === 'confirmed' ? 'green' : p.status === 'waitlisted' ? 'amber' : 'slate'}>{t(p.status === 'confirmed' ? 'events.count.registered' : p.status === 'waitlisted' ? 'events.count.waitlisted' : 'events.status.cancelled')}</Badge>
                  {p.checkedInAt ? <Badge tone="green">{t('events.count.checkedIn')}</Badge> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
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
        <Card className="space-y-4">
          <ActionForm action={postponeEvent} {...action} submitLabel={t('events.action.postpone')}>
            <input type="hidden" name="eventId" value={event.id} />
            <div className="grid grid-cols-2 gap-2">
              <label className="text-sm">
                {t('events.field.startsAt')}
                <Input type="datetime-local" name="startsAt" defaultValue={beijingInput(event.startsAt)} required />
              </label>
              <label className="text-sm">
                {t('events.field.endsAt')}
                <Input type="datetime-local" name="endsAt" defaultValue={beijingInput(event.endsAt)} required />
              </label>
            </div>
          </ActionForm>
          <ActionForm action={publishOutcome} {...action} submitLabel={t('events.action.outcome')}>
            <input type="hidden" name="eventId" value={event.id} />
            <label className="block text-sm" htmlFor="outcomeNote">
              {t('events.field.outcomeNote')}
            </label>
            <textarea id="outcomeNote" name="outcomeNote" rows={3} defaultValue={event.outcomeNote ?? ''} className="block w-full rounded-lg border border-slate-300 p-3" />
            <label className="block text-sm" htmlFor="outcomePhotos">
              {t('events.field.outcomePhotos')}
            </label>
            <textarea id="outcomePhotos" name="outcomePhotos" rows={2} defaultValue={event.outcomePhotos.join('\n')} className="block w-full rounded-lg border border-slate-300 p-3" />
          </ActionForm>
          <ActionForm action={thankAttendees} {...action} submitLabel={t('events.action.thank')}>
            <input type="hidden" name="eventId" value={event.id} />
          </ActionForm>
        </Card>
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
                interestTags: event.interestTags.join('，'),
                contact: event.contact ?? '',
              }}
              labels={labels}
              submitLabel={t('events.action.save')}
              pendingLabel={t('events.action.saving')}
              messages={messages}
            />
          </div>
          <ActionForm action={cancelEvent} {...action} submitLabel={t('events.action.cancel')} className="mt-4">
            <input type="hidden" name="eventId" value={event.id} />
          </ActionForm>
        </details>
      ) : null}
    </div>
  );
}
