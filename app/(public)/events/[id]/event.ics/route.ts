import { getDb } from '@/db';
import { env } from '@/lib/env';
import { buildCalendar } from '@/lib/events/ical';
import { calendarEntry } from '@/lib/events/public-calendar';
import { getPublicEvent } from '@/lib/events/public-events';

export const dynamic = 'force-dynamic';

/** "Add to calendar": one event as an .ics download. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const event = /^\d{1,10}$/.test(id) ? await getPublicEvent({ db: await getDb(), id: Number(id) }) : null;
  if (!event) return new Response('Not found', { status: 404 });
  const body = buildCalendar({ name: event.title, events: [calendarEntry(event, env().baseUrl)] });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="event-${event.id}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  });
}
