import type { Translate } from '@/lib/i18n/messages';

/** Labels and result copy shared by the new and edit forms. */
export function formCopy(t: Translate) {
  const names = ['title', 'body', 'coverUrl', 'placeName', 'address', 'latitude', 'longitude', 'startsAt', 'endsAt', 'capacity', 'registrationOpensAt', 'registrationClosesAt', 'interestTags', 'contact'] as const;
  const labels = Object.fromEntries(names.map((n) => [n, t(`events.field.${n}`)]));
  const messages = {
    field: t('events.field.invalid'),
    invalid: t('events.result.invalid'),
    saved: t('events.result.saved'),
    created: t('events.result.created'),
    published: t('events.result.published'),
    postponed: t('events.result.postponed'),
    cancelled: t('events.result.cancelled'),
    thanked: t('events.result.thanked'),
    not_editable: t('events.result.not_editable'),
    error: t('events.result.error'),
  };
  return { labels, messages };
}

/** A Date as the value of <input type="datetime-local"> in Beijing time. */
export function beijingInput(date: Date | null): string {
  if (!date) return '';
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}
