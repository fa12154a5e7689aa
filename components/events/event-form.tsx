'use client';

import { useActionState } from 'react';
import type { EventActionState } from '@/app/admin/events/actions';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

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

const FIELDS: { name: keyof EventFormValues; type: string; required?: boolean; wide?: boolean }[] = [
  { name: 'title', type: 'text', required: true, wide: true },
  { name: 'startsAt', type: 'datetime-local', required: true },
  { name: 'endsAt', type: 'datetime-local', required: true },
  { name: 'placeName', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'latitude', type: 'number' },
  { name: 'longitude', type: 'number' },
  { name: 'capacity', type: 'number' },
  { name: 'contact', type: 'text' },
  { name: 'registrationOpensAt', type: 'datetime-local' },
  { name: 'registrationClosesAt', type: 'datetime-local' },
  { name: 'interestTags', type: 'text', wide: true },
  { name: 'coverUrl', type: 'url', wide: true },
];

/** Create / edit an event: every field has its error slot; the button shows pending state. */
export function EventForm({
  action,
  hidden,
  values,
  labels,
  submitLabel,
  pendingLabel,
  messages,
}: {
  action: Action;
  hidden: Record<string, string>;
  values: EventFormValues;
  labels: Record<string, string>;
  submitLabel: string;
  pendingLabel: string;
  messages: Record<string, string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const error = (name: string) => Boolean(state.fieldErrors?.[name]?.length);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-3 sm:grid-cols-2">
        {FIELDS.map((f) => (
          <div key={f.name} className={cn(f.wide && 'sm:col-span-2')}>
            <label htmlFor={`ev-${f.name}`} className="block text-sm font-medium">
              {labels[f.name]}
            </label>
            <Input
              id={`ev-${f.name}`}
              name={f.name}
              type={f.type}
              step={f.type === 'number' ? 'any' : undefined}
              defaultValue={values[f.name]}
              required={f.required}
              aria-invalid={error(f.name) ? true : undefined}
              aria-describedby={`ev-${f.name}-error`}
              className={cn(error(f.name) && 'border-red-600')}
            />
            <p id={`ev-${f.name}-error`} aria-live="polite" className="min-h-4 text-sm text-red-700">
              {error(f.name) ? messages.field : ''}
            </p>
          </div>
        ))}
        <div className="sm:col-span-2">
          <label htmlFor="ev-body" className="block text-sm font-medium">
            {labels.body}
          </label>
          <textarea
            id="ev-body"
            name="body"
            rows={6}
            defaultValue={values.body}
            aria-describedby="ev-body-error"
            className="block w-full rounded-lg border border-slate-300 bg-white p-3 text-base"
          />
          <p id="ev-body-error" aria-live="polite" className="min-h-4 text-sm text-red-700">
            {error('body') ? messages.field : ''}
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
