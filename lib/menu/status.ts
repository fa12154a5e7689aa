import { and, desc, eq } from 'drizzle-orm';
import { jobs } from '../../db/schema';
import type { DbOrTx } from '../jobs/outbox';
import { MENU_PUBLISH_JOB } from './publish-job';

export type MenuPublishStatus = { state: 'never' } | { state: 'pending' } | { state: 'failed'; error: string } | { state: 'done' };

/** How the account's last publish went: its latest `menu/create` job. */
export async function menuPublishStatus(db: DbOrTx, accountId: string): Promise<MenuPublishStatus> {
  const [job] = await db
    .select({ status: jobs.status, lastError: jobs.lastError })
    .from(jobs)
    .where(and(eq(jobs.accountId, accountId), eq(jobs.kind, MENU_PUBLISH_JOB)))
    .orderBy(desc(jobs.id))
    .limit(1);
  if (!job) return { state: 'never' };
  if (job.status === 'done') return { state: 'done' };
  if (job.status === 'failed' || job.status === 'dead') return { state: 'failed', error: job.lastError ?? '' };
  return { state: 'pending' };
}
