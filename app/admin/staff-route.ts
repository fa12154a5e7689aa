import 'server-only';
import { getDb } from '@/db';
import type { Db } from '@/db/client';
import { platformForStaff, type Staff } from '@/lib/auth/access';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { scopeOf, type Action, type PlatformAction } from '@/lib/auth/permissions';
import { requireStaff } from '@/lib/auth/session';

export interface StaffRouteContext<A extends Action, P> {
  request: Request;
  params: P;
  db: Db;
  staff: Staff;
  ip: string | null;
  /** The action to pass to the gate for the record's own account (accountForStaff, eventForStaff, …). */
  action: A;
}

const PRIVATE = { 'cache-control': 'private, no-store' };

/** The answer for another tenant's record, a missing one, or a role the table does not allow. */
export function notFoundResponse(): Response {
  return Response.json({ error: 'not_found' }, { status: 404, headers: PRIVATE });
}

/**
 * The one wrapper every admin route handler is built with (tests/unit/auth/permissions.test.ts
 * checks each route.ts under app/admin/), as runStaffCommand is for server actions: the session
 * (signed-out → /login), the client address for the audit, then — for a platform action — the
 * permission table, or the handler, which resolves the record's account with `action`.
 */
export function withStaffRoute<A extends Action, P = Record<string, never>>(action: A, handler: (ctx: StaffRouteContext<A, P>) => Promise<Response>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const staff = await requireStaff();
    const db = await getDb();
    const ip = clientIpFrom(request.headers);
    if (scopeOf(action) === 'platform' && !(await platformForStaff({ db, staff, action: action as PlatformAction, ip }))) return notFoundResponse();
    return handler({ request, params: await context.params, db, staff, ip, action });
  };
}
