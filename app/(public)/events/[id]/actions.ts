'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { anonymousClientKey } from '@/lib/auth/rate-limit';
import { env } from '@/lib/env';
import { registerOnWeb } from '@/lib/events/registration';
import { webRegistrationThrottled } from '@/lib/events/web-registration-limit';

export interface WebRegistrationState {
  code?: 'confirmed' | 'waitlisted' | 'already' | 'closed' | 'not_open' | 'invalid' | 'rate_limited';
  fieldErrors?: Partial<Record<'name' | 'phone' | 'consent', string[]>>;
  at?: number;
}

const Input = z.strictObject({
  eventId: z.coerce.number().int().positive().max(2 ** 31 - 1),
  name: z.string().trim().min(1).max(30),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$/),
  consent: z.literal('yes'),
});

/**
 * A citizen registers on the event page (no login: name + phone + consent). The phone is kept
 * for the organiser only (masked in staff lists). Unknown or unpublished events answer like a
 * closed registration, so nothing confirms a draft exists.
 */
export async function registerOnWebAction(_: WebRegistrationState, form: FormData): Promise<WebRegistrationState> {
  const parsed = Input.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$'))));
  if (!parsed.success) return { code: 'invalid', fieldErrors: z.flattenError(parsed.error).fieldErrors as WebRegistrationState['fieldErrors'], at: Date.now() };
  const db = await getDb();
  const clientKey = anonymousClientKey('web-registration', clientIpFrom(await headers()), env().secretKey ?? 'wegov-web-registration');
  if (await webRegistrationThrottled({ db, clientKey })) return { code: 'rate_limited', at: Date.now() };
  const result = await registerOnWeb({ db, eventId: parsed.data.eventId, name: parsed.data.name, phone: parsed.data.phone });
  revalidatePath(`/events/${parsed.data.eventId}`);
  if (!result.ok) return { code: result.reason === 'not_open' ? 'not_open' : 'closed', at: Date.now() };
  return { code: result.already ? 'already' : result.status, at: Date.now() };
}
