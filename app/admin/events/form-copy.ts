import type { PlaceCopy } from '@/components/events/event-form';
import type { LiveLabels } from '@/components/events/live-counts';
import type { MessageKey, Translate } from '@/lib/i18n/messages';

const FIELD_NAMES = ['title', 'body', 'coverUrl', 'placeName', 'address', 'latitude', 'longitude', 'startsAt', 'endsAt', 'capacity', 'registrationOpensAt', 'registrationClosesAt', 'interestTags', 'contact'] as const;
/** Fields with an error of their own; the others say "please check this". */
const FIELD_ERRORS = ['title', 'startsAt', 'endsAt', 'coverUrl', 'capacity', 'latitude', 'longitude', 'interestTags', 'outcomeNote', 'outcomePhotos'] as const;
const RESULTS = ['saved', 'created', 'published', 'postponed', 'cancelled', 'thanked', 'not_editable', 'error'] as const;
const DESK_RESULTS = ['checked_in', 'promoted', 'removed', 'not_confirmed', 'not_waitlisted', 'full', 'already_removed', 'not_ended'] as const;

/** Labels, help at each field and result copy shared by the new and edit forms and the event page. */
export function formCopy(t: Translate) {
  const labels = Object.fromEntries(FIELD_NAMES.map((n) => [n, t(`events.field.${n}`)]));
  const help = Object.fromEntries(FIELD_NAMES.map((n) => [n, t(`eventsAdmin.help.${n}`)]));
  const messages: Record<string, string> = {
    field: t('events.field.invalid'),
    invalid: t('events.result.invalid'),
    ...Object.fromEntries(RESULTS.map((code) => [code, t(`events.result.${code}`)])),
    ...Object.fromEntries(DESK_RESULTS.map((code) => [code, t(`eventsAdmin.result.${code}`)])),
    ...Object.fromEntries(FIELD_ERRORS.map((n) => [`field.${n}`, t(`eventsAdmin.error.${n}`)])),
  };
  const placeKeys = ['legend', 'search', 'searchHelp', 'own', 'region', 'none', 'empty', 'picked', 'advanced', 'coords', 'noCoords'] as const;
  const placeCopy = Object.fromEntries(placeKeys.map((k) => [k, t(`eventsAdmin.place.${k}` as MessageKey)])) as PlaceCopy;
  return { labels, help, messages, placeCopy };
}

/** Copy of the live counts and roster (components/events/live-counts.tsx). */
export function liveLabels(t: Translate, limit: number): LiveLabels {
  return {
    registered: t('events.count.registered'),
    waitlisted: t('events.count.waitlisted'),
    checkedIn: t('events.count.checkedIn'),
    cancelled: t('events.status.cancelled'),
    live: t('eventsAdmin.roster.live'),
    rosterHeading: t('events.roster.heading'),
    empty: t('events.roster.empty'),
    follower: t('events.roster.follower'),
    web: t('eventsAdmin.roster.web'),
    wechat: t('eventsAdmin.roster.wechat'),
    export: t('events.action.export'),
    truncated: t('eventsAdmin.roster.truncated', { n: limit }),
    checkInAction: t('eventsAdmin.roster.checkIn'),
    promoteAction: t('eventsAdmin.roster.promote'),
    removeAction: t('eventsAdmin.roster.remove'),
    removeConfirm: t('eventsAdmin.roster.removeConfirm'),
    keep: t('eventsAdmin.roster.keep'),
    pending: t('events.action.pending'),
  };
}

/** A Date as the value of <input type="datetime-local"> in Beijing time. */
export function beijingInput(date: Date | null): string {
  if (!date) return '';
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}
