import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { eventForStaff, liveEvent } from '@/lib/events/admin';

export const dynamic = 'force-dynamic';

/**
 * The counts and the roster (phones masked) for staff's phones, polled every few seconds by the
 * event page (components/events/live-counts.tsx); another tenant's event is a 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await requireStaff();
  const db = await getDb();
  const access = await eventForStaff({ db, staff, eventId: (await params).id, ip: clientIpFrom(request.headers) });
  const headers = { 'cache-control': 'private, no-store' };
  if (!access) return Response.json({ error: 'not_found' }, { status: 404, headers });
  return Response.json(await liveEvent(db, access.event.id), { headers });
}
