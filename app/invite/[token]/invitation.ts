import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { invitationByToken } from '@/lib/staff/invitations';

/**
 * The link's invitation, looked up once per request (the layouts and the page all ask). The
 * segment is used as it comes: a real token is base64url and needs no decoding, and decoding a
 * malformed `%` sequence would throw (a 500) where the answer is "unknown link".
 */
export const invitationFor = cache(async (token: string) => invitationByToken(await getDb(), token));
