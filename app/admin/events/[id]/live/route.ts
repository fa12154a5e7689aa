import { notFoundResponse, withStaffRoute } from '@/app/admin/staff-route';
import { eventForStaff, liveEvent } from '@/lib/events/admin';

export const dynamic = 'force-dynamic';

/**
 * The counts and the roster (phones masked) for staff's phones, polled every few seconds by the
 * event page (components/events/live-counts.tsx); another tenant's event is a 404.
 */
export const GET = withStaffRoute<'events.read', { id: string }>('events.read', async ({ db, staff, params, ip, action }) => {
  const access = await eventForStaff({ db, staff, eventId: params.id, action, ip });
  if (!access) return notFoundResponse();
  return Response.json(await liveEvent(db, access.event.id), { headers: { 'cache-control': 'private, no-store' } });
});
