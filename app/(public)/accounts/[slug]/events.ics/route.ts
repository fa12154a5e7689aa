import { getDb } from '@/db';
import { getPublicAccount } from '@/lib/directory/search-accounts';
import { env } from '@/lib/env';
import { buildCalendar } from '@/lib/events/ical';
import { calendarEntry } from '@/lib/events/public-calendar';
import { listPublicEvents } from '@/lib/events/public-events';

export const dynamic = 'force-dynamic';

/** An account's iCal feed: its upcoming public events (first 50). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const { slug } = await params;
  const db = await getDb();
  const account = await getPublicAccount({ db, slug });
  if (!account) return new Response('Not found', { status: 404 });
  const { items } = await listPublicEvents({ db, account: account.slug, limit: 50 });
  const body = buildCalendar({ name: account.name, events: items.map((e) => calendarEntry(e, env().baseUrl)) });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `inline; filename="${account.slug}.ics"`,
      'Cache-Control': 'public, max-age=300',
    },
  });
}
