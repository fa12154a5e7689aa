import { createHash, randomBytes } from 'node:crypto';

/**
 * An invitation link's secret: 32 random bytes, base64url (43 characters). Only its SHA-256 is
 * stored (staff_invitations.token_hash), so a copy of the database opens no link; a plain hash
 * suffices because the token has 256 bits of entropy and cannot be guessed from its hash.
 */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The shape newInvitationToken makes; anything else is an unknown link before any query. */
export function isInvitationTokenShape(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The address the inviter sends: `/invite/<token>` on the portal's own origin. */
export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/invite/${token}`;
}
