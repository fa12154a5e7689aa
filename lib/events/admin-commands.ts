import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { events, registrations } from '../../db/schema';
import { recordAudit } from '../audit/record';
import { accountForStaff } from '../auth/access';
import type { AccountAction } from '../auth/permissions';
import { invalidInput, staffCommand, type CommandContext, type CommandResult } from '../auth/staff-command';
import { formatDateTime } from '../format';
import { translator } from '../i18n/messages';
import type { Tx } from '../jobs/outbox';
import type { WechatApiConfig } from '../wechat/api/client';
import { eventForStaff, hasEnded, type EventAccess } from './admin';
import { queueNotice } from './notices';
import { ensureEventQr } from './qr';
import { cancelLocked, confirmedCount, lockEvent, promoteWaitlist } from './registration';
import { notifyRegistrations } from './reminders';

/**
 * What staff do to events, as plain functions over a db handle (the server actions only add
 * session, 404 and revalidation): the event's own account goes through the access gate with
 * the command's action (lib/auth/permissions.ts: editors and up; agents and reviewers read only), input is a strict zod object (extra fields
 * such as `accountId` are refused: docs/reliability.md F3, F6), then the effect, then the audit row.
 */
const BEIJING = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
/** `<input type="datetime-local">` gives wall-clock time; staff mean Beijing time (UTC+8). */
const beijingTime = z
  .string()
  .regex(BEIJING)
  .transform((v) => new Date(`${v}:00+08:00`))
  .refine((d) => !Number.isNaN(d.getTime()));
const optionalTime = z.union([z.literal('').transform(() => null), beijingTime]).optional().transform((v) => v ?? null);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : null));
const httpsUrl = z.url({ protocol: /^https$/ }).max(500);
const optionalNumber = (min: number, max: number) =>
  z.union([z.literal('').transform(() => null), z.coerce.number().min(min).max(max)]).optional().transform((v) => v ?? null);

const EventFields = {
  title: z.string().trim().min(1).max(80),
  body: z.string().trim().max(5000).default(''),
  coverUrl: z.union([z.literal('').transform(() => null), httpsUrl]).optional().transform((v) => v ?? null),
  placeName: optionalText(100),
  address: optionalText(200),
  latitude: optionalNumber(-90, 90),
  longitude: optionalNumber(-180, 180),
  startsAt: beijingTime,
  endsAt: beijingTime,
  capacity: z.union([z.literal('').transform(() => null), z.coerce.number().int().min(1).max(100_000)]).optional().transform((v) => v ?? null),
  registrationOpensAt: optionalTime,
  registrationClosesAt: optionalTime,
  interestTags: z
    .string()
    .max(200)
    .optional()
    .transform((v) => [...new Set((v ?? '').split(/[,，、]/).map((s) => s.trim()).filter(Boolean))].slice(0, 5))
    .pipe(z.array(z.string().max(20))),
  contact: optionalText(100),
};
const timesInOrder = (v: { startsAt: Date; endsAt: Date }) => v.endsAt >= v.startsAt;
const timeError = { message: 'ends before it starts', path: ['endsAt'] };

const CreateInput = z.strictObject({ account: z.string().min(1).max(100), ...EventFields }).refine(timesInOrder, timeError);
const UpdateInput = z.strictObject({ eventId: z.coerce.number().int().positive(), ...EventFields }).refine(timesInOrder, timeError);
const IdInput = z.strictObject({ eventId: z.coerce.number().int().positive() });
const PostponeInput = z.strictObject({ eventId: z.coerce.number().int().positive(), startsAt: beijingTime, endsAt: beijingTime }).refine(timesInOrder, timeError);
const RegistrationInput = z.strictObject({ eventId: z.coerce.number().int().positive(), registrationId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const OutcomeInput = z.strictObject({
  eventId: z.coerce.number().int().positive(),
  outcomeNote: z.string().trim().min(1).max(2000),
  outcomePhotos: z
    .string()
    .max(3000)
    .optional()
    .transform((v) => (v ?? '').split(/\s+/).filter(Boolean).slice(0, 9))
    .pipe(z.array(httpsUrl)),
});

function fields(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
}

/** Gate on the raw event id first (a forged id is a 404 even with a bad payload), then validate. */
async function gate<S extends z.ZodType>(ctx: CommandContext & { action: AccountAction }, schema: S): Promise<{ access: EventAccess; input: z.infer<S> } | CommandResult<never>> {
  const access = await eventForStaff({ db: ctx.db, staff: ctx.staff, eventId: fields(ctx.input).eventId, action: ctx.action, ip: ctx.ip });
  if (!access) return { ok: false, notFound: true };
  const parsed = schema.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  return { access, input: parsed.data };
}

async function audit(ctx: CommandContext, access: { account: { id: string } }, eventId: number, action: string, detail?: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action, entityType: 'event', entityId: eventId, detail, ip: ctx.ip ?? null });
}

export const createEventCommand = staffCommand('events.create', async (ctx): Promise<CommandResult<{ id: number }>> => {
  const slug = fields(ctx.input).account;
  const access = typeof slug === 'string' ? await accountForStaff({ db: ctx.db, staff: ctx.staff, slug, action: ctx.action, ip: ctx.ip }) : null;
  if (!access) return { ok: false, notFound: true };
  const parsed = CreateInput.safeParse(ctx.input);
  if (!parsed.success) return invalidInput(parsed.error);
  const { account: _slug, ...values } = parsed.data;
  const [row] = await ctx.db
    .insert(events)
    .values({ ...values, accountId: access.account.id, status: 'draft', createdBy: ctx.staff.id })
    .returning({ id: events.id });
  await audit(ctx, access, row!.id, 'event.create');
  return { ok: true, data: { id: row!.id } };
});

export const updateEventCommand = staffCommand('events.edit', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, UpdateInput);
  if ('ok' in g) return g;
  if (g.access.event.status === 'cancelled') return { ok: false, error: 'not_editable' };
  const { eventId, ...values } = g.input;
  // Moving the date of a published event is "postpone", which tells the registered.
  const moved = g.access.event.status === 'published' && (values.startsAt.getTime() !== g.access.event.startsAt.getTime() || values.endsAt.getTime() !== g.access.event.endsAt.getTime());
  if (moved) return { ok: false, fieldErrors: { startsAt: ['use postpone to move a published event'] } };
  await ctx.db.update(events).set({ ...values, updatedAt: new Date() }).where(eq(events.id, eventId));
  // More places (or no limit any more): the waitlist moves up at once, in order, under the event
  // row lock like a cancellation, and those promoted are told (docs/events.md).
  const before = g.access.event.capacity;
  const grew = g.access.event.status === 'published' && before !== null && (values.capacity === null || values.capacity > before);
  const promoted = grew
    ? await ctx.db.transaction(async (tx) => {
        const locked = await lockEvent(tx, eventId);
        return locked ? promoteWaitlist(tx, locked, new Date()) : [];
      })
    : [];
  await audit(ctx, g.access, eventId, 'event.update', promoted.length > 0 ? { promoted } : undefined);
  return { ok: true, data: undefined };
});

export const publishEventCommand = staffCommand<'events.publish', { qr: boolean }, CommandContext & { config: WechatApiConfig }>('events.publish', async (ctx) => {
  const g = await gate(ctx, IdInput);
  if ('ok' in g) return g;
  const { event, account } = g.access;
  if (event.status !== 'draft') return { ok: false, error: 'not_editable' };
  const [published] = await ctx.db.update(events).set({ status: 'published', updatedAt: new Date() }).where(eq(events.id, event.id)).returning();
  const qr = await ensureEventQr({ db: ctx.db, event: published!, account, config: ctx.config });
  await audit(ctx, g.access, event.id, 'event.publish', { qr });
  return { ok: true, data: { qr } };
});

export const postponeEventCommand = staffCommand('events.publish', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, PostponeInput);
  if ('ok' in g) return g;
  const { event } = g.access;
  if (event.status !== 'published') return { ok: false, error: 'not_editable' };
  const [moved] = await ctx.db
    .update(events)
    .set({ startsAt: g.input.startsAt, endsAt: g.input.endsAt, updatedAt: new Date() })
    .where(eq(events.id, event.id))
    .returning();
  const counts = await notifyRegistrations({ db: ctx.db, event: moved!, kind: 'postponed', statuses: ['confirmed', 'waitlisted'], keyOf: (id) => `postponed:${id}:${moved!.startsAt.getTime()}` });
  await audit(ctx, g.access, event.id, 'event.postpone', { from: event.startsAt.toISOString(), to: moved!.startsAt.toISOString(), ...counts });
  return { ok: true, data: undefined };
});

export const cancelEventCommand = staffCommand('events.publish', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, IdInput);
  if ('ok' in g) return g;
  const { event } = g.access;
  if (event.status === 'cancelled') return { ok: false, error: 'not_editable' };
  await ctx.db.update(events).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(events.id, event.id));
  const counts =
    event.status === 'published'
      ? await notifyRegistrations({ db: ctx.db, event, kind: 'cancelled', statuses: ['confirmed', 'waitlisted'], keyOf: (id) => `cancelled:${id}` })
      : null;
  await audit(ctx, g.access, event.id, 'event.cancel', counts ?? undefined);
  return { ok: true, data: undefined };
});

export const outcomeEventCommand = staffCommand('events.edit', async (ctx): Promise<CommandResult> => {
  const g = await gate(ctx, OutcomeInput);
  if ('ok' in g) return g;
  if (g.access.event.status !== 'published') return { ok: false, error: 'not_editable' };
  // A recap describes what happened: before the end there is nothing to tell yet.
  if (!hasEnded(g.access.event)) return { ok: false, error: 'not_ended' };
  await ctx.db
    .update(events)
    .set({ outcomeNote: g.input.outcomeNote, outcomePhotos: g.input.outcomePhotos, updatedAt: new Date() })
    .where(eq(events.id, g.access.event.id));
  await audit(ctx, g.access, g.access.event.id, 'event.outcome', { photos: g.input.outcomePhotos.length });
  return { ok: true, data: undefined };
});

export const thankAttendeesCommand = staffCommand('events.publish', async (ctx): Promise<CommandResult<{ queued: number }>> => {
  const g = await gate(ctx, IdInput);
  if ('ok' in g) return g;
  if (g.access.event.status !== 'published') return { ok: false, error: 'not_editable' };
  // Thanks go to those checked in, which is only known once the event is over.
  if (!hasEnded(g.access.event)) return { ok: false, error: 'not_ended' };
  const counts = await notifyRegistrations({ db: ctx.db, event: g.access.event, kind: 'thanks', statuses: ['confirmed'], checkedInOnly: true, keyOf: (id) => `thanks:${id}` });
  await audit(ctx, g.access, g.access.event.id, 'event.thank', { ...counts });
  return { ok: true, data: { queued: counts.custom + counts.template + counts.unreachable } };
});

/*
 * Staff at the desk act on one registration: check in, promote from the waitlist, remove. The
 * event is gated as above (`events.desk` on its own account); the registration must belong to that
 * event, or it is a 404 like a foreign event (audited, nothing changed) — an id from another
 * account's roster never reaches a write.
 */
type RegistrationRow = typeof registrations.$inferSelect;

async function registrationIn(tx: Tx, eventId: number, registrationId: number): Promise<RegistrationRow | null> {
  const [row] = await tx
    .select()
    .from(registrations)
    .where(and(eq(registrations.eventId, eventId), eq(registrations.id, registrationId)))
    .limit(1);
  return row ?? null;
}

async function deniedRegistration(ctx: CommandContext, registrationId: number): Promise<CommandResult<never>> {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, action: 'access.denied', entityType: 'registration', entityId: registrationId, ip: ctx.ip ?? null });
  return { ok: false, notFound: true };
}

async function auditRegistration(ctx: CommandContext, access: EventAccess, registrationId: number, action: string, detail: Record<string, unknown>) {
  await recordAudit({ db: ctx.db, actorId: ctx.staff.id, accountId: access.account.id, action, entityType: 'registration', entityId: registrationId, detail: { eventId: access.event.id, ...detail }, ip: ctx.ip ?? null });
}

type DeskOutcome<T> = { found: false } | { found: true; error: string } | { found: true; data: T };

/** Manual check-in of a confirmed registration (someone without WeChat, or a phone that will not scan). */
export const checkInRegistrationCommand = staffCommand('events.desk', async (ctx): Promise<CommandResult<{ already: boolean }>> => {
  const g = await gate(ctx, RegistrationInput);
  if ('ok' in g) return g;
  const { event } = g.access;
  const { registrationId } = g.input;
  const at = new Date();
  const outcome = await ctx.db.transaction(async (tx): Promise<DeskOutcome<{ already: boolean }>> => {
    const row = await registrationIn(tx, event.id, registrationId);
    if (!row) return { found: false };
    if (event.status !== 'published') return { found: true, error: 'not_editable' };
    // A waitlisted person has no seat yet: promote first, so capacity stays the venue's limit.
    if (row.status !== 'confirmed') return { found: true, error: 'not_confirmed' };
    if (row.checkedInAt) return { found: true, data: { already: true } };
    await tx
      .update(registrations)
      .set({ checkedInAt: at, updatedAt: at })
      .where(and(eq(registrations.id, row.id), eq(registrations.status, 'confirmed'), isNull(registrations.checkedInAt)));
    return { found: true, data: { already: false } };
  });
  if (!outcome.found) return deniedRegistration(ctx, registrationId);
  if ('error' in outcome) return { ok: false, error: outcome.error };
  if (!outcome.data.already) await auditRegistration(ctx, g.access, registrationId, 'registration.check_in', {});
  return { ok: true, data: outcome.data };
});

/**
 * Promotes one waitlisted person chosen by staff (out of turn, e.g. a carer who must come with
 * someone), under the event row lock like every registration (docs/events.md "why a row lock"),
 * and only into a free seat: a full event stays full. They get the same "you're in" notice as
 * an automatic promotion (lib/events/notices.ts routes it, or lists it as unreachable).
 */
export const promoteRegistrationCommand = staffCommand('events.desk', async (ctx): Promise<CommandResult<{ notice: string | null }>> => {
  const g = await gate(ctx, RegistrationInput);
  if ('ok' in g) return g;
  const { registrationId } = g.input;
  const at = new Date();
  const outcome = await ctx.db.transaction(async (tx): Promise<DeskOutcome<{ notice: string | null }>> => {
    const event = await lockEvent(tx, g.access.event.id);
    const row = event ? await registrationIn(tx, event.id, registrationId) : null;
    if (!event || !row) return { found: false };
    if (event.status !== 'published') return { found: true, error: 'not_editable' };
    if (row.status !== 'waitlisted') return { found: true, error: 'not_waitlisted' };
    if (event.capacity !== null && (await confirmedCount(tx, event.id)) >= event.capacity) return { found: true, error: 'full' };
    await tx.update(registrations).set({ status: 'confirmed', updatedAt: at }).where(eq(registrations.id, row.id));
    const t = translator('zh-CN');
    const text = t('events.notice.promoted', { title: event.title, at: formatDateTime(event.startsAt, 'zh-CN'), id: event.id });
    const notice = await queueNotice({ tx, event, registration: row, kind: 'promoted', key: `promoted:${row.id}:${at.getTime()}`, text, now: at });
    return { found: true, data: { notice } };
  });
  if (!outcome.found) return deniedRegistration(ctx, registrationId);
  if ('error' in outcome) return { ok: false, error: outcome.error };
  await auditRegistration(ctx, g.access, registrationId, 'registration.promote', { notice: outcome.data.notice });
  return { ok: true, data: outcome.data };
});

/**
 * Removes a registration (a duplicate, someone who phoned to cancel). A confirmed place freed
 * this way goes to the waitlist in order through the same path as a citizen's own cancellation
 * (`promoteWaitlist`, under the event row lock), and those promoted are told.
 */
export const removeRegistrationCommand = staffCommand('events.desk', async (ctx): Promise<CommandResult<{ promoted: number[] }>> => {
  const g = await gate(ctx, RegistrationInput);
  if ('ok' in g) return g;
  const { registrationId } = g.input;
  const at = new Date();
  const outcome = await ctx.db.transaction(async (tx): Promise<DeskOutcome<{ promoted: number[]; was: string }>> => {
    const event = await lockEvent(tx, g.access.event.id);
    const row = event ? await registrationIn(tx, event.id, registrationId) : null;
    if (!event || !row) return { found: false };
    const cancelled = await cancelLocked(tx, event, row, at);
    if (!cancelled.ok) return { found: true, error: 'already_removed' };
    return { found: true, data: { promoted: cancelled.promoted, was: cancelled.wasStatus } };
  });
  if (!outcome.found) return deniedRegistration(ctx, registrationId);
  if ('error' in outcome) return { ok: false, error: outcome.error };
  await auditRegistration(ctx, g.access, registrationId, 'registration.remove', { was: outcome.data.was, promoted: outcome.data.promoted });
  return { ok: true, data: { promoted: outcome.data.promoted } };
});
