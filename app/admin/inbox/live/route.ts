import { notFoundResponse, withStaffRoute } from '@/app/admin/staff-route';
import { listAccountsForStaff } from '@/lib/auth/access';
import { conversationForStaff } from '@/lib/inbox/access';
import { inboxActivity } from '@/lib/inbox/list';

export const dynamic = 'force-dynamic';

/**
 * The inbox's live poll: a signature of the newest activity (and of one open conversation) plus
 * the unread count. State lives in the database, so this works across any number of app
 * processes; the client refreshes the page only when the signature changes.
 */
export const GET = withStaffRoute('inbox.read', async ({ request, db, staff, ip, action }) => {
  const accountIds = (await listAccountsForStaff(db, staff, action)).map((a) => a.account.id);
  const c = new URL(request.url).searchParams.get('c');
  let conversationId: number | null = null;
  if (c) {
    const access = await conversationForStaff({ db, staff, conversationId: c, action, ip });
    if (!access) return notFoundResponse();
    conversationId = access.conversation.id;
  }
  const activity = await inboxActivity({ db, accountIds, conversationId });
  return Response.json(activity, { headers: { 'cache-control': 'private, no-store' } });
});
