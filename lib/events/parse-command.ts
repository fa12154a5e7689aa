import type { InboundMessage } from '../wechat/messages';

export type EventCommand =
  | { action: 'register'; eventId: number; via: 'qr' | 'keyword' }
  | { action: 'cancel'; eventId: number; via: 'keyword' }
  | { action: 'checkin'; eventId: number; via: 'qr' }
  /** The account's upcoming events with their 报名 keywords: `报名` alone, or the events menu button. */
  | { action: 'list'; via: 'keyword' | 'menu' }
  /** `1`: yes to the interest tags a registration reply offered (lib/followers/tag-offers.ts). */
  | { action: 'acceptTags'; via: 'keyword' };

/**
 * The `key` of a `click` menu button the events hook answers with the account's upcoming events,
 * read from the events table when the button is tapped (docs/events.md, "Chat commands"). Any
 * account may put it in its menu; no auto-reply rule is needed.
 */
export const EVENTS_MENU_KEY = 'wegov:events';

const SCENE = /^(event|checkin):(\d{1,9})$/;
// NFKC first: a full-width space (U+3000) or full-width digits typed on a Chinese keyboard
// become their ASCII forms, so `报名　１０２４` and `报名1024` both match.
// Readers from Hong Kong, Macao and Taiwan type 報名 (docs/events.md, "Chat commands"): the
// Traditional form is the same command.
const KEYWORD = /^(报名|報名|取消)\s*(\d{1,9})$/;

/** What a citizen sends to register for an event: the one spelling every page and reply shows. */
export function registrationKeyword(eventId: number): string {
  return `报名 ${eventId}`;
}

export function eventScene(kind: 'event' | 'checkin', id: number): string {
  return `${kind}:${id}`;
}

/** What an inbound message asks of the events feature, if anything (pure: unit-tested). */
export function parseEventCommand(message: InboundMessage): EventCommand | null {
  if (message.msgType === 'text') {
    const typed = message.content.normalize('NFKC').trim();
    if (typed === '报名' || typed === '報名') return { action: 'list', via: 'keyword' };
    if (typed === '1') return { action: 'acceptTags', via: 'keyword' };
    const match = KEYWORD.exec(typed);
    if (!match) return null;
    const eventId = Number(match[2]);
    return match[1] === '取消' ? { action: 'cancel', eventId, via: 'keyword' } : { action: 'register', eventId, via: 'keyword' };
  }
  if (message.msgType === 'event' && message.event === 'CLICK' && message.eventKey === EVENTS_MENU_KEY) return { action: 'list', via: 'menu' };
  if (message.msgType === 'event' && (message.event === 'subscribe' || message.event === 'SCAN')) {
    const match = message.scene ? SCENE.exec(message.scene) : null;
    if (!match) return null;
    const eventId = Number(match[2]);
    return match[1] === 'event' ? { action: 'register', eventId, via: 'qr' } : { action: 'checkin', eventId, via: 'qr' };
  }
  return null;
}
