'use client';

import { useActionState, useEffect, useRef, type Ref } from 'react';
import { CopyButton } from '@/components/directory/copy-button';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { WebRegistrationField, WebRegistrationState } from '@/lib/events/public-registration';

type Action = (state: WebRegistrationState, form: FormData) => Promise<WebRegistrationState>;

export type WebRegistrationCopy =
  | 'name'
  | 'phone'
  | 'phoneHint'
  | 'consent'
  | 'submit'
  | 'pending'
  | 'already'
  | 'closed'
  | 'not_open'
  | 'rate_limited'
  | 'error.name'
  | 'error.phone'
  | 'error.consent'
  | 'done.confirmed'
  | 'done.waitlisted'
  | 'done.event'
  | 'done.time'
  | 'done.place'
  | 'done.reference'
  | 'done.next'
  | 'done.nextConfirmed'
  | 'done.nextWaitlisted'
  | 'done.reminder'
  | 'done.calendar'
  | 'done.cancelHeading'
  | 'done.cancelText'
  | 'done.cancelLink'
  | 'done.copyLink'
  | 'done.copied'
  | 'done.copyFailed'
  | 'done.another';

/** The event as the confirmation repeats it, formatted by the page in the reader's language. */
export interface RegistrationEventSummary {
  id: number;
  title: string;
  when: string;
  place: string | null;
}

const errorText = 'min-h-5 text-sm font-medium text-red-700';

/**
 * Name + phone + consent. A refusal comes back with what was typed (the action's state), so the
 * fields keep it and only the wrong ones are marked, each next to its field; focus goes to the
 * first of them. Success replaces the form with a confirmation: the event, a reference, what
 * happens next and the private cancel link (docs/events.md, "Web"). Without JavaScript the
 * same state arrives with the re-rendered page.
 */
export function WebRegistrationForm({ action, event, copy }: { action: Action; event: RegistrationEventSummary; copy: Record<WebRegistrationCopy, string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const err = (f: WebRegistrationField) => Boolean(state.fieldErrors?.[f]?.length);

  useEffect(() => {
    if (state.registration) doneRef.current?.focus();
    else if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  if (state.registration) return <Confirmation ref={doneRef} registration={state.registration} event={event} copy={copy} />;

  const values = state.values;
  const notice = state.code === 'already' || state.code === 'closed' || state.code === 'not_open' || state.code === 'rate_limited' ? copy[state.code] : '';
  return (
    // `key` re-mounts the fields with each answer, so they show the values it carries back even
    // after React resets a submitted form.
    <form ref={formRef} key={state.at ?? 0} action={formAction} className="space-y-3" noValidate>
      <input type="hidden" name="eventId" value={event.id} />
      <Field id="reg-name" label={copy.name} error={err('name') ? copy['error.name'] : null}>
        {(control) => <Input {...control} name="name" autoComplete="name" maxLength={30} required defaultValue={values?.name} />}
      </Field>
      <Field id="reg-phone" label={copy.phone} hint={copy.phoneHint} error={err('phone') ? copy['error.phone'] : null}>
        {(control) => (
          <Input {...control} name="phone" type="tel" inputMode="tel" autoComplete="tel-national" maxLength={20} required defaultValue={values?.phone} />
        )}
      </Field>
      <div>
        <label className="flex min-h-11 items-start gap-3">
          <input
            type="checkbox"
            name="consent"
            value="yes"
            className="mt-0.5 size-6 shrink-0"
            defaultChecked={values?.consent}
            required
            aria-invalid={err('consent') || undefined}
            aria-describedby="reg-consent-error"
          />
          <span>{copy.consent}</span>
        </label>
        <p id="reg-consent-error" aria-live="polite" className={errorText}>
          {err('consent') ? copy['error.consent'] : ''}
        </p>
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full">
        {pending ? copy.pending : copy.submit}
      </Button>
      <p role="status" aria-live="polite" className="min-h-5 font-medium text-red-700">
        {pending ? '' : notice}
      </p>
    </form>
  );
}

function Confirmation({
  ref,
  registration,
  event,
  copy,
}: {
  ref: Ref<HTMLHeadingElement>;
  registration: NonNullable<WebRegistrationState['registration']>;
  event: RegistrationEventSummary;
  copy: Record<WebRegistrationCopy, string>;
}) {
  const confirmed = registration.status === 'confirmed';
  return (
    <div data-testid="registration-confirmation" className="space-y-4">
      <h4 ref={ref} tabIndex={-1} className={confirmed ? 'text-xl font-bold text-brand-700' : 'text-xl font-bold text-amber-900'}>
        {confirmed ? copy['done.confirmed'] : copy['done.waitlisted']}
      </h4>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="text-slate-700">{copy['done.event']}</dt>
        <dd className="font-medium">{event.title}</dd>
        <dt className="text-slate-700">{copy['done.time']}</dt>
        <dd>{event.when}</dd>
        {event.place ? (
          <>
            <dt className="text-slate-700">{copy['done.place']}</dt>
            <dd>{event.place}</dd>
          </>
        ) : null}
        <dt className="text-slate-700">{copy['done.reference']}</dt>
        <dd data-testid="registration-reference" className="font-mono text-lg font-semibold tracking-wide">
          {registration.reference}
        </dd>
      </dl>
      <div className="space-y-2">
        <h5 className="font-semibold">{copy['done.next']}</h5>
        <p>{confirmed ? copy['done.nextConfirmed'] : copy['done.nextWaitlisted']}</p>
        <p>{copy['done.reminder']}</p>
        <a href={`/events/${event.id}/event.ics`} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
          {copy['done.calendar']}
        </a>
      </div>
      {registration.cancelPath ? (
        <div className="space-y-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
          <h5 className="font-semibold">{copy['done.cancelHeading']}</h5>
          <p>{copy['done.cancelText']}</p>
          <p className="flex flex-wrap items-center gap-3">
            <a href={registration.cancelPath} data-testid="cancel-link" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
              {copy['done.cancelLink']}
            </a>
            <CopyButton
              value={typeof window === 'undefined' ? registration.cancelPath : new URL(registration.cancelPath, window.location.href).href}
              label={copy['done.copyLink']}
              copiedLabel={copy['done.copied']}
              failedLabel={copy['done.copyFailed']}
            />
          </p>
        </div>
      ) : null}
      <p>
        {/* A full page load starts a fresh form, with or without JavaScript. */}
        <a href={`/events/${event.id}?another=1#register`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {copy['done.another']}
        </a>
      </p>
    </div>
  );
}
