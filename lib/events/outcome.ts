import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events } from '../../db/schema';

/** The recap staff published after a (published) event, for the public page. */
export async function publicOutcome(args: { db: Db; id: number }): Promise<{ note: string; photos: string[] } | null> {
  const [row] = await args.db
    .select({ note: events.outcomeNote, photos: events.outcomePhotos })
    .from(events)
    .where(and(eq(events.id, args.id), eq(events.status, 'published')))
    .limit(1);
  return row?.note ? { note: row.note, photos: row.photos } : null;
}
