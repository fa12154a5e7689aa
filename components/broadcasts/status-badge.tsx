import { Badge } from '@/components/ui/badge';
import type { BroadcastStatus } from '@/lib/broadcasts/compose';
import type { Translate } from '@/lib/i18n/messages';

const TONES: Record<BroadcastStatus, 'green' | 'red' | 'slate' | 'amber'> = {
  draft: 'slate',
  in_review: 'amber',
  returned: 'red',
  approved: 'green',
  scheduled: 'green',
  sending: 'green',
  sent: 'green',
  failed: 'red',
  cancelled: 'slate',
};

/** A broadcast's status as staff see it, in the list and on its page alike. */
export function BroadcastStatusBadge({ t, status }: { t: Translate; status: BroadcastStatus }) {
  return <Badge tone={TONES[status]}>{t(`bc.status.${status}`)}</Badge>;
}
