import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretKeys } from '../crypto/secret-box';

/**
 * The private cancel link of a web registration, `/events/<event>/cancel/<token>`, with nothing
 * stored: the token is the registration id and an HMAC of (event, registration) under a key
 * derived from the app's secret key (env().secretKeys, the key that also seals credentials;
 * derived under its own label, as lib/crypto/secret-box.ts derives its AES key). Only the
 * registrant, who was shown the link, can cancel; a changed id, another event's token or a
 * forged MAC verifies as nothing. During a key rotation links made under the previous key still
 * open (docs/events.md, "Web").
 */
const MAC_CHARS = 22; // 132 bits of HMAC-SHA256, base64url
const TOKEN = new RegExp(`^(\\d{1,15})\\.([A-Za-z0-9_-]{${MAC_CHARS}})$`);

function mac(secret: string, eventId: number, registrationId: number): string {
  const key = createHash('sha256').update(`wegov-event-cancel-link:${secret}`).digest();
  return createHmac('sha256', key).update(`${eventId}:${registrationId}`).digest('base64url').slice(0, MAC_CHARS);
}

export function cancelToken(args: { keys: SecretKeys; eventId: number; registrationId: number }): string {
  return `${args.registrationId}.${mac(args.keys.current, args.eventId, args.registrationId)}`;
}

export function cancelPath(args: { keys: SecretKeys; eventId: number; registrationId: number }): string {
  return `/events/${args.eventId}/cancel/${cancelToken(args)}`;
}

/** The registration id the token was made for, if it was made by us for this event; else null. */
export function verifyCancelToken(args: { keys: SecretKeys; eventId: number; token: string }): number | null {
  const match = TOKEN.exec(args.token);
  if (!match) return null;
  const registrationId = Number(match[1]);
  if (!Number.isSafeInteger(registrationId) || registrationId < 1) return null;
  const given = Buffer.from(match[2]!);
  for (const secret of [args.keys.current, ...(args.keys.previous ?? [])]) {
    const expected = Buffer.from(mac(secret, args.eventId, registrationId));
    if (timingSafeEqual(given, expected)) return registrationId;
  }
  return null;
}
