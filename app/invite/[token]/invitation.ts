import 'server-only';
import { cache } from 'react';
import { getDb } from '@/db';
import { invitationByToken } from '@/lib/staff/invitations';

/** The link's invitation, looked up once per request (the layouts and the page all ask). */
export const invitationFor = cache(async (token: string) => invitationByToken(await getDb(), decodeURIComponent(token)));
