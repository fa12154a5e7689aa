import type { InboundMessage } from '../wechat/messages';

export type EventCommand =
  | { action: 'register'; eventId: number; via: 'qr' | 'keyword' }
  | { action: 'cancel'; eventId: number; via: 'keyword' }
  | { action: 'checkin'; eventId: number; via: 'qr' };

const SCENE = /^(event|checkin):(\d{1,9})$/;
// NFKC first: a full-width space (U+3000) or full-width digits typed on a Chinese keyboard
// become their ASCII forms, so `报名　１０２４` and `报名1024` both match.
const KEYWORD = /^(报名|取消)\s*(\d{1,9})$/;

export function eventScene(kind: 'event' | 'checkin', id: number): string {
  return `${kind}:${id}`;
}

/** What an inbound message asks of the events feature, if anything (pure: unit-tested). */
export function parseEventCommand(message: InboundMessage): EventCommand | null {
  if (message.msgType === 'text') {
    const match = KEYWORD.exec(message.content.normalize('NFKC').trim());
    if (!match) return null;
    const eventId = Number(match[2]);
    return match[1] === '报名' ? { action: 'register', eventId, via: 'keyword' } : { action: 'cancel', eventId, via: 'keyword' };
  }
  if (message.msgType === 'event' && (message.event === 'subscribe' || message.event === 'SCAN')) {
    const match = message.scene ? SCENE.exec(message.scene) : null;
    if (!match) return null;
    const eventId = Number(match[2]);
    return match[1] === 'event' ? { action: 'register', eventId, via: 'qr' } : { action: 'checkin', eventId, via: 'qr' };
  }
  return null;
}
