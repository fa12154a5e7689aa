import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { eventCounts, eventForStaff } from '@/lib/events/admin';

export const dynamic = 'force-dynamic';

/** Live counts for staff's phones (polled every few seconds); another tenant's event is a 404. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await requireStaff();
  const db = await getDb();
  const access = await eventForStaff({ db, staff, eventId: (await params).id, ip: clientIpFrom(request.headers) });
  const headers = { 'cache-control': 'private, no-store' };
  if (!access) return Response.json({ error: 'not_found' }, { status: 404, headers });
  return Response.json(await eventCounts(db, access.event.id), { headers });
}
