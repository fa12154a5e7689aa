import type { CalendarEvent } from './ical';
import type { PublicEvent } from './public-events';

/** A public event as a calendar entry; the UID is stable so re-imports update, not duplicate. */
export function calendarEntry(event: PublicEvent, baseUrl: string): CalendarEvent {
  const url = new URL(`/events/${event.id}`, baseUrl).toString();
  const host = new URL(baseUrl).hostname;
  const how = `关注「${event.account.name}」后发送「${event.registrationKeyword}」报名。`;
  return {
    uid: `event-${event.id}@${host}`,
    title: event.title,
    description: [event.body, how, url].filter(Boolean).join('\n\n'),
    location: [event.place, event.address].filter(Boolean).join(', ') || undefined,
    url,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    updatedAt: event.updatedAt,
  };
}
