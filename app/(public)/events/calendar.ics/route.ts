import { getDb } from '@/db';
import { env } from '@/lib/env';
import { DEFAULT_LOCALE, translator } from '@/lib/i18n/messages';
import { buildCalendar } from '@/lib/events/ical';
import { calendarEntry } from '@/lib/events/public-calendar';
import { listPublicEvents } from '@/lib/events/public-events';

export const dynamic = 'force-dynamic';

/** The feed of all upcoming public events (the next 50), for calendar subscriptions. */
export async function GET(): Promise<Response> {
  const { items } = await listPublicEvents({ db: await getDb(), limit: 50 });
  // Calendar apps fetch a subscription without the reader's cookies: the feed is named in the default language.
  const body = buildCalendar({ name: translator(DEFAULT_LOCALE)('events.public.calendarFeedName'), events: items.map((e) => calendarEntry(e, env().baseUrl)) });
  return new Response(body, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="wegov-events.ics"', 'Cache-Control': 'public, max-age=300' },
  });
}
