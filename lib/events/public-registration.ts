import { and, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { accounts, events, registrations } from '../../db/schema';
import type { SecretKeys } from '../crypto/secret-box';
import { maskPhone } from './csv';
import { verifyCancelToken } from './public-cancel-token';
import { cancelWebRegistration, type WebCancelResult } from './registration';

/**
 * The citizen's side of a web registration (docs/events.md, "Web"): what the form sends, what it
 * gets back, and the registration as its private cancel page shows it. The rules of registering
 * and cancelling themselves are in ./registration.ts, shared with the WeChat keywords.
 */
export const WEB_FIELDS = ['name', 'phone', 'consent'] as const;
export type WebRegistrationField = (typeof WEB_FIELDS)[number];

/** What was typed, sent back with every refusal so the form shows it again as it was. */
export interface WebRegistrationValues {
  name: string;
  phone: string;
  consent: boolean;
}

export interface WebRegistrationState {
  code?: 'confirmed' | 'waitlisted' | 'already' | 'closed' | 'not_open' | 'invalid' | 'rate_limited';
  /** Only the fields that are wrong; the form marks those and no others. */
  fieldErrors?: Partial<Record<WebRegistrationField, string[]>>;
  values?: WebRegistrationValues;
  /** A new registration (never for `already`: knowing a phone number must not hand out its link). */
  registration?: { reference: string; cancelPath: string; status: 'confirmed' | 'waitlisted' };
  at?: number;
}

/** The answer to the registrant's "cancel" on the private page. */
export interface WebCancelState {
  code?: 'cancelled' | 'already' | 'closed' | 'not_found';
  at?: number;
}

/**
 * A mainland mobile number as people type it: with spaces or dashes (138 0013 8000), full-width
 * digits from a Chinese keyboard, or a +86 / 0086 prefix. Stored as the 11 digits, so the same
 * phone is recognised however it was written (one registration per phone and event).
 */
export const mobilePhone = z
  .string()
  .transform((v) => v.normalize('NFKC').replace(/[\s\-()]/g, '').replace(/^(?:\+?86|0086)(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/));

export const WebRegistrationInput = z.strictObject({
  eventId: z.coerce.number().int().positive().max(2 ** 31 - 1),
  name: z.string().trim().min(1).max(30),
  phone: mobilePhone,
  consent: z.literal('yes'),
});

/** The submitted values, whatever they are, cut to the fields' own limits. */
export function typedValues(form: FormData): WebRegistrationValues {
  const text = (key: string, max: number) => {
    const value = form.get(key);
    return typeof value === 'string' ? value.slice(0, max) : '';
  };
  return { name: text('name', 60), phone: text('phone', 40), consent: form.get('consent') === 'yes' };
}

/**
 * The reference a registrant quotes on the phone to the organiser: event and registration
 * number, e.g. 1004-0027. Readable, and worth nothing to anyone else — cancelling needs the
 * private link (./public-cancel-token.ts), not the reference.
 */
export function registrationReference(eventId: number, registrationId: number): string {
  return `${eventId}-${String(registrationId).padStart(4, '0')}`;
}

export interface WebRegistrationView {
  id: number;
  reference: string;
  name: string;
  maskedPhone: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  event: {
    id: number;
    title: string;
    startsAt: Date;
    endsAt: Date;
    place: string | null;
    address: string | null;
    contact: string | null;
    cancelled: boolean;
    ended: boolean;
    account: { slug: string; name: string };
  };
}

/**
 * One web registration of one event, for its private cancel page. A registration of another
 * event, a WeChat registration, a draft event or a disabled account's event is null (the page
 * answers 404, as for an id that does not exist).
 */
export async function findWebRegistration(args: { db: Db; eventId: number; registrationId: number; now?: Date }): Promise<WebRegistrationView | null> {
  const now = args.now ?? new Date();
  const [row] = await args.db
    .select({
      id: registrations.id,
      name: registrations.name,
      phone: registrations.phone,
      status: registrations.status,
      eventId: events.id,
      title: events.title,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      place: events.placeName,
      address: events.address,
      contact: events.contact,
      eventStatus: events.status,
      accountSlug: accounts.slug,
      accountName: accounts.name,
    })
    .from(registrations)
    .innerJoin(events, eq(events.id, registrations.eventId))
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .where(
      and(
        eq(registrations.id, args.registrationId),
        eq(registrations.eventId, args.eventId),
        isNull(registrations.followerId),
        ne(events.status, 'draft'),
        isNull(accounts.disabledAt),
      ),
    )
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    reference: registrationReference(row.eventId, row.id),
    name: row.name ?? '',
    maskedPhone: maskPhone(row.phone),
    status: row.status,
    event: {
      id: row.eventId,
      title: row.title,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      place: row.place,
      address: row.address,
      contact: row.contact,
      cancelled: row.eventStatus === 'cancelled',
      ended: row.endsAt < now,
      account: { slug: row.accountSlug, name: row.accountName },
    },
  };
}

/** The registration a private cancel link names, or null for a link we did not make for this event. */
export async function findWebRegistrationByLink(args: { db: Db; keys: SecretKeys; eventId: number; token: string; now?: Date }): Promise<WebRegistrationView | null> {
  const registrationId = verifyCancelToken(args);
  return registrationId === null ? null : findWebRegistration({ db: args.db, eventId: args.eventId, registrationId, now: args.now });
}

/**
 * Cancels the registration a private cancel link names, through the one cancel path (the freed
 * place goes to the waitlist, ./registration.ts). A forged or foreign link is `not_found` and
 * changes nothing; a second cancel is `not_registered` and changes nothing either.
 */
export async function cancelWebRegistrationByLink(args: { db: Db; keys: SecretKeys; eventId: number; token: string; at?: Date }): Promise<WebCancelResult> {
  const registrationId = verifyCancelToken(args);
  if (registrationId === null) return { ok: false, reason: 'not_found' };
  return cancelWebRegistration({ db: args.db, eventId: args.eventId, registrationId, at: args.at });
}
