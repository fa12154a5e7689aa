import { getDb } from '@/db';
import { listAccountsForStaff } from '@/lib/auth/access';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireStaff } from '@/lib/auth/session';
import { conversationForStaff } from '@/lib/inbox/access';
import { inboxActivity } from '@/lib/inbox/list';

export const dynamic = 'force-dynamic';

/**
 * The inbox's live poll: a signature of the newest activity (and of one open conversation) plus
 * the unread count. State lives in the database, so this works across any number of app
 * processes; the client refreshes the page only when the signature changes.
 */
export async function GET(request: Request): Promise<Response> {
  const staff = await requireStaff();
  const db = await getDb();
  const accountIds = (await listAccountsForStaff(db, staff)).map((a) => a.account.id);
  const c = new URL(request.url).searchParams.get('c');
  let conversationId: number | null = null;
  if (c) {
    const access = await conversationForStaff({ db, staff, conversationId: c, ip: clientIpFrom(request.headers) });
    if (!access) return Response.json({ error: 'not_found' }, { status: 404, headers: { 'cache-control': 'private, no-store' } });
    conversationId = access.conversation.id;
  }
  const activity = await inboxActivity({ db, accountIds, conversationId });
  return Response.json(activity, { headers: { 'cache-control': 'private, no-store' } });
}
