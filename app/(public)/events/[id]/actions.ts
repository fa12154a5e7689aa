'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { anonymousClientKey } from '@/lib/auth/rate-limit';
import { env } from '@/lib/env';
import { cancelPath } from '@/lib/events/public-cancel-token';
import { cancelWebRegistrationByLink, registrationReference, typedValues, WebRegistrationInput, type WebCancelState, type WebRegistrationState } from '@/lib/events/public-registration';
import { registerOnWeb } from '@/lib/events/registration';
import { webRegistrationThrottled } from '@/lib/events/web-registration-limit';

/**
 * A citizen registers on the event page (no login: name + phone + consent). The phone is kept
 * for the organiser only (masked in staff lists). Unknown or unpublished events answer like a
 * closed registration, so nothing confirms a draft exists. Every refusal carries back what was
 * typed, so the form (with or without JavaScript) shows it again and marks only the wrong field.
 */
export async function registerOnWebAction(_: WebRegistrationState, form: FormData): Promise<WebRegistrationState> {
  const values = typedValues(form);
  const parsed = WebRegistrationInput.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$'))));
  if (!parsed.success) return { code: 'invalid', fieldErrors: z.flattenError(parsed.error).fieldErrors as WebRegistrationState['fieldErrors'], values, at: Date.now() };
  const db = await getDb();
  const keys = env().secretKeys;
  const clientKey = anonymousClientKey('web-registration', clientIpFrom(await headers()), keys?.current ?? 'wegov-web-registration');
  if (await webRegistrationThrottled({ db, clientKey })) return { code: 'rate_limited', values, at: Date.now() };
  const result = await registerOnWeb({ db, eventId: parsed.data.eventId, name: parsed.data.name, phone: parsed.data.phone });
  revalidatePath(`/events/${parsed.data.eventId}`);
  if (!result.ok) return { code: result.reason === 'not_open' ? 'not_open' : 'closed', values, at: Date.now() };
  if (result.already) return { code: 'already', values, at: Date.now() };
  const { registrationId } = result;
  return {
    code: result.status,
    registration: {
      reference: registrationReference(parsed.data.eventId, registrationId),
      // npm start refuses to run without a secret key (scripts/start.ts); without one there is no link to give.
      cancelPath: keys ? cancelPath({ keys, eventId: parsed.data.eventId, registrationId }) : '',
      status: result.status,
    },
    at: Date.now(),
  };
}

const CancelInput = z.strictObject({ eventId: z.coerce.number().int().positive().max(2 ** 31 - 1), token: z.string().max(100) });

/**
 * The registrant confirms on the private cancel page. A POST only: link previewers and mail
 * scanners fetch GETs, and opening the link must never cancel. The token is checked again here
 * (the page's check does not protect the action); a forged one changes nothing and is told so.
 */
export async function cancelOnWebAction(_: WebCancelState, form: FormData): Promise<WebCancelState> {
  const parsed = CancelInput.safeParse(Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$'))));
  const keys = env().secretKeys;
  if (!parsed.success || !keys) return { code: 'not_found', at: Date.now() };
  const result = await cancelWebRegistrationByLink({ db: await getDb(), keys, eventId: parsed.data.eventId, token: parsed.data.token });
  if (!result.ok && result.reason === 'not_found') return { code: 'not_found', at: Date.now() };
  // The event page's counts and this private page's status both change.
  revalidatePath(`/events/${parsed.data.eventId}`, 'layout');
  return { code: result.ok ? 'cancelled' : result.reason === 'closed' ? 'closed' : 'already', at: Date.now() };
}
