import Link from 'next/link';
import { Card } from '@/components/ui/card';
import type { PublicEvent } from '@/lib/events/public-events';
import { formatDateTime } from '@/lib/format';
import type { Locale, Translate } from '@/lib/i18n/messages';

export function EventCard({ event, t, locale, showHost = true }: { event: PublicEvent; t: Translate; locale: Locale; showHost?: boolean }) {
  return (
    <Card className="h-full">
      <h3 className="text-lg font-semibold">
        <Link href={`/events/${event.id}`} className="underline-offset-4 hover:underline">
          {event.title}
        </Link>
      </h3>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-800">
        <dt className="text-slate-700">{t('dir.events.time')}</dt>
        <dd>
          <time dateTime={event.startsAt.toISOString()}>{formatDateTime(event.startsAt, locale)}</time>
        </dd>
        {event.place ? (
          <>
            <dt className="text-slate-700">{t('dir.events.place')}</dt>
            <dd>{event.place}</dd>
          </>
        ) : null}
        {showHost ? (
          <>
            <dt className="text-slate-700">{t('dir.events.host')}</dt>
            <dd>{event.account.name}</dd>
          </>
        ) : null}
        <dt className="text-slate-700">{t('dir.events.capacity')}</dt>
        <dd>
          {event.capacity
            ? t('dir.events.capacityValue', { registered: event.registeredCount, capacity: event.capacity })
            : t('dir.events.registeredValue', { registered: event.registeredCount })}
        </dd>
      </dl>
    </Card>
  );
}
