import { getDb } from '@/db';
import { recordAudit } from '@/lib/audit/record';
import { roleAtLeast } from '@/lib/auth/access';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { eventForStaff, roster, rosterCsv } from '@/lib/events/admin';

export const dynamic = 'force-dynamic';

/**
 * The roster as CSV (lib/events/csv.ts: BOM, formula-safe). Phones are unmasked only for
 * account admins (and platform admins); every export is audited.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await requireStaff();
  const db = await getDb();
  const ip = clientIpFrom(request.headers);
  const access = await eventForStaff({ db, staff, eventId: (await params).id, ip });
  if (!access) return new Response('Not found', { status: 404, headers: { 'cache-control': 'private, no-store' } });
  const unmasked = roleAtLeast(access.role, 'account_admin');
  const csv = rosterCsv(await roster({ db, eventId: access.event.id, unmasked }));
  await recordAudit({ db, actorId: staff.id, accountId: access.account.id, action: 'event.export', entityType: 'event', entityId: access.event.id, detail: { unmasked }, ip });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="event-${access.event.id}-roster.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
