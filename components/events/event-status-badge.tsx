import { Badge } from '@/components/ui/badge';
import type { eventStatus } from '@/db/schema';
import type { Translate } from '@/lib/i18n/messages';

type EventStatus = (typeof eventStatus.enumValues)[number];

/** An event's status as staff see it, in the list and on the event's page alike. */
export function EventStatusBadge({ t, status }: { t: Translate; status: EventStatus }) {
  const tone = status === 'published' ? 'green' : status === 'cancelled' ? 'red' : 'slate';
  return <Badge tone={tone}>{t(`events.status.${status}`)}</Badge>;
}
