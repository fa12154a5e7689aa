import { Badge } from '@/components/ui/badge';
import type { Translate } from '@/lib/i18n/messages';

export function VerificationBadge({ t, official, flaggedImpostor }: { t: Translate; official: boolean; flaggedImpostor: boolean }) {
  if (official) {
    return (
      <Badge tone="green">
        <span aria-hidden="true">✓</span> {t('dir.badge.official')}
      </Badge>
    );
  }
  return (
    <Badge tone="red">
      <span aria-hidden="true">⚠</span> {t(flaggedImpostor ? 'dir.badge.impostor' : 'dir.badge.unofficial')}
    </Badge>
  );
}
