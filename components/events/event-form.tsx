'use client';

import { startTransition, useActionState, useId, useState, type FormEvent } from 'react';
import type { EventActionState } from '@/app/admin/events/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import type { KnownPlace } from '@/lib/events/admin';

type Action = (state: EventActionState, form: FormData) => Promise<EventActionState>;

export interface EventFormValues {
  title: string;
  body: string;
  coverUrl: string;
  placeName: string;
  address: string;
  latitude: string;
  longitude: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  interestTags: string;
  contact: string;
}

type Field = { name: keyof EventFormValues; type: string; required?: boolean; wide?: boolean };

const BEFORE_PLACE: Field[] = [
  { name: 'title', type: 'text', required: true, wide: true },
  { name: 'startsAt', type: 'datetime-local', required: true },
  { name: 'endsAt', type: 'datetime-local', required: true },
];
const AFTER_PLACE: Field[] = [
  { name: 'capacity', type: 'number' },
  { name: 'contact', type: 'text' },
  { name: 'registrationOpensAt', type: 'datetime-local' },
  { name: 'registrationClosesAt', type: 'datetime-local' },
  { name: 'interestTags', type: 'text', wide: true },
  { name: 'coverUrl', type: 'url', wide: true },
];

/** Copy of the place picker, from lib/i18n (eventsAdmin.place.*). */
export type PlaceCopy = Record<'legend' | 'search' | 'searchHelp' | 'own' | 'region' | 'none' | 'empty' | 'picked' | 'advanced' | 'coords' | 'noCoords', string>;

type PlaceValues = Pick<EventFormValues, 'placeName' | 'address' | 'latitude' | 'longitude'>;

/**
 * Create / edit an event. Each field says what it is for right at the field (help text tied
 * with aria-describedby) and has its own error slot; what was typed stays after an error (the
 * form is submitted without React's automatic reset). The place comes from a picker of known
 * places, which fills name, address and coordinates; raw coordinates sit under "advanced".
 */
export function EventForm({
  action,
  hidden,
  values,
  labels,
  help,
  places,
  placeCopy,
  submitLabel,
  pendingLabel,
  messages,
}: {
  action: Action;
  hidden: Record<string, string>;
  values: EventFormValues;
  labels: Record<string, string>;
  /** Help text per field name. */
  help: Record<string, string>;
  places: KnownPlace[];
  placeCopy: PlaceCopy;
  submitLabel: string;
  pendingLabel: string;
  /** Result codes, `field` (any field) and `field.<name>` (that field's error). */
  messages: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [place, setPlace] = useState<PlaceValues>({ placeName: values.placeName, address: values.address, latitude: values.latitude, longitude: values.longitude });
  const [picked, setPicked] = useState('');
  const error = (name: string) => Boolean(state.fieldErrors?.[name]?.length);
  const errorText = (name: string) => (error(name) ? (messages[`field.${name}`] ?? messages.field) : '');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // React resets a form after an action passed as `action`; submitting this way keeps what was
    // typed when the answer is an error (docs/events.md, "forms keep what was typed").
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const field = (f: Field, controlled?: { value: string; onChange: (v: string) => void }) => (
    <div key={f.name} className={cn('min-w-0', f.wide && 'sm:col-span-2')}>
      <label htmlFor={`ev-${f.name}`} className="block text-sm font-medium">
        {labels[f.name]}
      </label>
      <Input
        id={`ev-${f.name}`}
        name={f.name}
        type={f.type}
        step={f.type === 'number' ? 'any' : undefined}
        {...(controlled ? { value: controlled.value, onChange: (e) => controlled.onChange(e.target.value) } : { defaultValue: values[f.name] })}
        required={f.required}
        aria-invalid={error(f.name) ? true : undefined}
        aria-describedby={`ev-${f.name}-help ev-${f.name}-error`}
        className={cn('min-w-0 max-w-full', error(f.name) && 'border-red-600')}
      />
      <p id={`ev-${f.name}-help`} className="mt-1 text-sm text-slate-700">
        {help[f.name]}
      </p>
      <p id={`ev-${f.name}-error`} aria-live="polite" className="min-h-4 text-sm text-red-700">
        {errorText(f.name)}
      </p>
    </div>
  );
  const set = (name: keyof PlaceValues) => (value: string) => setPlace((p) => ({ ...p, [name]: value }));
  const coordsError = error('latitude') || error('longitude');
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-3 sm:grid-cols-2">
        {BEFORE_PLACE.map((f) => field(f))}
        <fieldset className="min-w-0 space-y-2 rounded-lg p-3 ring-1 ring-slate-200 sm:col-span-2">
          <legend className="px-1 font-medium">{placeCopy.legend}</legend>
          <PlacePicker
            places={places}
            copy={placeCopy}
            onPick={(p) => {
              setPlace({ placeName: p.placeName, address: p.address, latitude: p.latitude?.toString() ?? '', longitude: p.longitude?.toString() ?? '' });
              setPicked(placeCopy.picked.replace('{name}', p.placeName));
            }}
          />
          <p aria-live="polite" className="text-sm text-brand-700">
            {picked}
          </p>
          <div className="grid gap-3 sm:grid-cols-2">
            {field({ name: 'placeName', type: 'text' }, { value: place.placeName, onChange: set('placeName') })}
            {field({ name: 'address', type: 'text' }, { value: place.address, onChange: set('address') })}
          </div>
          <p className="text-sm text-slate-700" data-testid="place-coords">
            {place.latitude && place.longitude ? placeCopy.coords.replace('{lat}', place.latitude).replace('{lng}', place.longitude) : placeCopy.noCoords}
          </p>
          {/* Closed, its inputs are still submitted; it opens by itself when one of them is wrong. */}
          <details open={coordsError || undefined} className="rounded-lg bg-slate-50 p-2">
            <summary className="flex min-h-11 cursor-pointer items-center text-sm font-medium">{placeCopy.advanced}</summary>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {field({ name: 'latitude', type: 'number' }, { value: place.latitude, onChange: set('latitude') })}
              {field({ name: 'longitude', type: 'number' }, { value: place.longitude, onChange: set('longitude') })}
            </div>
          </details>
        </fieldset>
        {AFTER_PLACE.map((f) => field(f))}
        <div className="min-w-0 sm:col-span-2">
          <label htmlFor="ev-body" className="block text-sm font-medium">
            {labels.body}
          </label>
          <textarea
            id="ev-body"
            name="body"
            rows={6}
            defaultValue={values.body}
            aria-invalid={error('body') ? true : undefined}
            aria-describedby="ev-body-help ev-body-error"
            className="block w-full rounded-lg border border-slate-300 bg-white p-3 text-base"
          />
          <p id="ev-body-help" className="mt-1 text-sm text-slate-700">
            {help.body}
          </p>
          <p id="ev-body-error" aria-live="polite" className="min-h-4 text-sm text-red-700">
            {errorText('body')}
          </p>
        </div>
      </div>
      <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full sm:w-auto">
        {pending ? pendingLabel : submitLabel}
      </Button>
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {pending ? '' : state.code ? (messages[state.code] ?? messages.error) : ''}
      </p>
    </form>
  );
}

/**
 * A searchable list of known places (this account's earlier events, then public events in the
 * same city): no map service, the portal runs offline and its CSP allows none (docs/events.md).
 * Its search box has no name, so it is never submitted.
 */
function PlacePicker({ places, copy, onPick }: { places: KnownPlace[]; copy: PlaceCopy; onPick: (p: KnownPlace) => void }) {
  const [query, setQuery] = useState('');
  if (places.length === 0) return <p className="text-sm text-slate-700">{copy.empty}</p>;
  const q = query.trim().toLowerCase();
  const matches = (q ? places.filter((p) => `${p.placeName} ${p.address}`.toLowerCase().includes(q)) : places).slice(0, 6);
  return (
    <div className="min-w-0 space-y-2">
      <label htmlFor="ev-place-search" className="block text-sm font-medium">
        {copy.search}
      </label>
      <Input id="ev-place-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" aria-describedby="ev-place-search-help" aria-controls="ev-place-options" />
      <p id="ev-place-search-help" className="text-sm text-slate-700">
        {copy.searchHelp}
      </p>
      {matches.length === 0 ? (
        <p className="text-sm text-slate-700" aria-live="polite">
          {copy.none}
        </p>
      ) : (
        <ul id="ev-place-options" className="space-y-1">
          {matches.map((p) => (
            <li key={`${p.placeName}|${p.address}`}>
              <button
                type="button"
                onClick={() => onPick(p)}
                className="flex min-h-11 w-full flex-wrap items-center justify-between gap-x-2 rounded-lg bg-white px-3 py-2 text-left ring-1 ring-slate-300 hover:bg-slate-50"
              >
                <span className="min-w-0 break-words">
                  <span className="font-medium">{p.placeName}</span>
                  {p.address ? <span className="block text-sm text-slate-700">{p.address}</span> : null}
                </span>
                <Badge>{p.origin === 'own' ? copy.own : copy.region}</Badge>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface ActionField {
  name: string;
  label: string;
  kind: 'textarea' | 'datetime-local';
  defaultValue: string;
  help?: string;
  rows?: number;
  required?: boolean;
}

/**
 * One event action with a few fields (postpone, recap) or none (publish, thank, cancel): each
 * field with its error next to it, what was typed kept after an error, the outcome in a live
 * line. `disabledReason` shows why the action is not open yet, beside a disabled button.
 */
export function EventActionForm({
  action,
  eventId,
  fields = [],
  submitLabel,
  pendingLabel,
  messages,
  variant = 'secondary',
  disabledReason,
  className,
}: {
  action: Action;
  eventId: number;
  fields?: ActionField[];
  submitLabel: string;
  pendingLabel: string;
  messages: Record<string, string>;
  variant?: 'primary' | 'secondary';
  disabledReason?: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const id = useId();
  const error = (name: string) => Boolean(state.fieldErrors?.[name]?.length);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (disabledReason) return;
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const outcome = pending ? '' : state.ok ? (messages[state.code ?? 'saved'] ?? messages.saved) : state.fieldErrors ? messages.invalid : state.code ? (messages[state.code] ?? messages.error) : '';
  return (
    <form onSubmit={onSubmit} className={cn('space-y-2', className)} noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      <div className={cn('grid gap-3', fields.every((f) => f.kind === 'datetime-local') && 'sm:grid-cols-2')}>
        {fields.map((f) => {
          const fieldId = `${id}-${f.name}`;
          const props = {
            id: fieldId,
            name: f.name,
            defaultValue: f.defaultValue,
            required: f.required,
            'aria-invalid': error(f.name) ? true : undefined,
            'aria-describedby': `${f.help ? `${fieldId}-help ` : ''}${fieldId}-error`,
          };
          return (
            <div key={f.name} className="min-w-0">
              <label htmlFor={fieldId} className="block text-sm font-medium">
                {f.label}
              </label>
              {f.kind === 'textarea' ? (
                <textarea {...props} rows={f.rows ?? 3} className={cn('block w-full rounded-lg border border-slate-300 bg-white p-3 text-base', error(f.name) && 'border-red-600')} />
              ) : (
                <Input {...props} type="datetime-local" className={cn('min-w-0 max-w-full', error(f.name) && 'border-red-600')} />
              )}
              {f.help ? (
                <p id={`${fieldId}-help`} className="mt-1 text-sm text-slate-700">
                  {f.help}
                </p>
              ) : null}
              <p id={`${fieldId}-error`} aria-live="polite" className="min-h-4 text-sm text-red-700">
                {error(f.name) ? (messages[`field.${f.name}`] ?? messages.field) : ''}
              </p>
            </div>
          );
        })}
      </div>
      <Button type="submit" variant={variant} disabled={pending || Boolean(disabledReason)} aria-describedby={disabledReason ? `${id}-reason` : undefined}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      {disabledReason ? (
        <p id={`${id}-reason`} className="text-sm text-slate-700">
          {disabledReason}
        </p>
      ) : null}
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {outcome}
      </p>
    </form>
  );
}
