import { z } from 'zod';
import { notFoundResponse, withStaffRoute } from '@/app/admin/staff-route';
import { can } from '@/lib/auth/permissions';
import { conversationForStaff } from '@/lib/inbox/access';
import { heartbeat } from '@/lib/service/presence';

export const dynamic = 'force-dynamic';

const Body = z.strictObject({ state: z.enum(['viewing', 'typing', 'gone']) });
const PRIVATE = { 'cache-control': 'private, no-store' };

/**
 * The conversation page's presence heartbeat (docs/citizen-service.md "Working the queue"):
 * who else has this conversation open, for the collision warning; typing also shows the citizen
 * WeChat's typing indicator. A page leaving sends `gone` (navigator.sendBeacon).
 */
export const POST = withStaffRoute<'inbox.read', { id: string }>('inbox.read', async ({ request, db, staff, params, ip, action }) => {
  const access = await conversationForStaff({ db, staff, conversationId: params.id, action, ip });
  if (!access) return notFoundResponse();
  let raw: unknown;
  try {
    raw = JSON.parse((await request.text()).slice(0, 1_000));
  } catch {
    return Response.json({ error: 'invalid_json' }, { status: 400, headers: PRIVATE });
  }
  const body = Body.safeParse(raw);
  if (!body.success) return Response.json({ error: 'invalid_state' }, { status: 400, headers: PRIVATE });
  const colleagues = await heartbeat({
    db,
    conversation: access.conversation,
    userId: staff.id,
    state: body.data.state,
    mayReply: can(access.role, 'inbox.reply'),
  });
  return Response.json({ colleagues: colleagues.map((c) => ({ name: c.name, state: c.state })) }, { headers: PRIVATE });
});
