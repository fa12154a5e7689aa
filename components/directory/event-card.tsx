import Link from 'next/link';
import { Card } from '@/components/ui/card';
import type { PublicEvent } from '@/lib/events/public-events';
import { formatDateTime } from '@/lib/format';
import type { Locale, Translate } from '@/lib/i18n/messages';

/**
 * An event in a list. The whole card is the tap target: the title's link is stretched over the
 * card (an `after:` layer), so a phone user can tap anywhere on it, while a screen reader still
 * hears one link named by the title rather than the whole card read out as a link.
 */
export function EventCard({ event, t, locale, showHost = true }: { event: PublicEvent; t: Translate; locale: Locale; showHost?: boolean }) {
  return (
    <Card data-testid="event-card" className="relative h-full transition-shadow hover:shadow-md has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600">
      <h3 className="text-lg font-semibold">
        <Link
          href={`/events/${event.id}`}
          className="text-brand-700 underline decoration-2 underline-offset-4 after:absolute after:inset-0 after:rounded-xl after:content-['']"
        >
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
        <dt className="text-slate-700">{t('events.card.keyword')}</dt>
        <dd>
          {/* Chinese in every language of the page: it is what the account reads. */}
          <span lang="zh-CN" data-testid="event-card-keyword" className="rounded bg-slate-100 px-1.5 py-0.5 font-semibold tabular-nums text-slate-900">
            {event.registrationKeyword}
          </span>
        </dd>
      </dl>
    </Card>
  );
}
