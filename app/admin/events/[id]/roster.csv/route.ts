import { withStaffRoute } from '@/app/admin/staff-route';
import { recordAudit } from '@/lib/audit/record';
import { can } from '@/lib/auth/permissions';
import { eventForStaff, roster, rosterCsv } from '@/lib/events/admin';

export const dynamic = 'force-dynamic';

/**
 * The roster as CSV (lib/events/csv.ts: BOM, formula-safe). Phones are unmasked only for roles
 * allowed `events.roster.phones` (account and platform admins); every export is audited.
 */
export const GET = withStaffRoute<'events.roster.export', { id: string }>('events.roster.export', async ({ db, staff, params, ip, action }) => {
  const access = await eventForStaff({ db, staff, eventId: params.id, action, ip });
  if (!access) return new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });
  const unmasked = can(access.role, 'events.roster.phones');
  const csv = rosterCsv(await roster({ db, eventId: access.event.id, unmasked }));
  await recordAudit({ db, actorId: staff.id, accountId: access.account.id, action: 'event.export', entityType: 'event', entityId: access.event.id, detail: { unmasked }, ip });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="event-${access.event.id}-roster.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});
