'use client';

import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { addCalendarDay, removeCalendarDay, saveOfficeHours, type OfficeHoursState } from './actions';

const button = 'min-h-11 rounded-lg bg-brand-600 px-4 font-medium text-white disabled:bg-slate-500';
const secondary = 'min-h-11 min-w-11 rounded-lg px-3 font-medium text-red-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-500';

export interface HoursFormCopy {
  weekly: string;
  weeklyHint: string;
  weekdays: string[];
  invalidHours: string;
  targets: string;
  firstResponse: string;
  resolution: string;
  invalidFirst: string;
  invalidDays: string;
  save: string;
  saving: string;
  saved: string;
  invalidForm: string;
}

/** Weekly hours and the two targets, one form; what was typed stays after an error. */
export function HoursForm({ slug, initial, copy }: { slug: string; initial: Record<string, string>; copy: HoursFormCopy }) {
  const [state, action] = useActionState<OfficeHoursState, FormData>(saveOfficeHours, {});
  const values = state.values ?? initial;
  const err = (name: string, message: string) => (state.fieldErrors?.[name]?.length ? message : null);
  return (
    <form action={action} key={state.at ?? 0} className="space-y-4" noValidate>
      <input type="hidden" name="account" value={slug} />
      <fieldset className="space-y-1">
        <legend className="text-lg font-semibold">{copy.weekly}</legend>
        <p className="text-sm text-slate-700">{copy.weeklyHint}</p>
        {copy.weekdays.map((label, i) => {
          const name = `day${i + 1}`;
          return (
            <Field key={name} id={`hours-${name}`} label={label} error={err(name, copy.invalidHours)}>
              {(control) => <Input {...control} name={name} defaultValue={values[name] ?? ''} inputMode="text" autoComplete="off" placeholder="9:00-12:00, 13:30-17:30" />}
            </Field>
          );
        })}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-lg font-semibold">{copy.targets}</legend>
        <Field id="hours-first" label={copy.firstResponse} error={err('firstResponseWorkingHours', copy.invalidFirst)}>
          {(control) => <Input {...control} name="firstResponseWorkingHours" type="number" min={1} max={200} inputMode="numeric" defaultValue={values.firstResponseWorkingHours ?? ''} />}
        </Field>
        <Field id="hours-days" label={copy.resolution} error={err('resolutionWorkingDays', copy.invalidDays)}>
          {(control) => <Input {...control} name="resolutionWorkingDays" type="number" min={1} max={60} inputMode="numeric" defaultValue={values.resolutionWorkingDays ?? ''} />}
        </Field>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel={copy.saving} className={button}>
          {copy.save}
        </SubmitButton>
        <p role="status" aria-live="polite" className="text-sm font-medium">
          {state.ok ? copy.saved : state.fieldErrors ? copy.invalidForm : ''}
        </p>
      </div>
    </form>
  );
}

export interface DayFormCopy {
  heading: string;
  day: string;
  kind: string;
  holiday: string;
  workday: string;
  label: string;
  invalidDay: string;
  add: string;
  adding: string;
  added: string;
}

export function AddDayForm({ slug, copy }: { slug: string; copy: DayFormCopy }) {
  const [state, action] = useActionState<OfficeHoursState, FormData>(addCalendarDay, {});
  const values = state.values ?? {};
  return (
    <form action={action} key={state.at ?? 0} className="space-y-2" noValidate>
      <h3 className="font-semibold">{copy.heading}</h3>
      <input type="hidden" name="account" value={slug} />
      <div className="grid gap-2 sm:grid-cols-3">
        <Field id="calendar-day" label={copy.day} error={state.fieldErrors?.day?.length ? copy.invalidDay : null}>
          {(control) => <Input {...control} name="day" type="date" required defaultValue={values.day ?? ''} />}
        </Field>
        <Field id="calendar-kind" label={copy.kind}>
          {(control) => (
            <select {...control} name="kind" defaultValue={values.kind ?? 'holiday'} className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base">
              <option value="holiday">{copy.holiday}</option>
              <option value="workday">{copy.workday}</option>
            </select>
          )}
        </Field>
        <Field id="calendar-label" label={copy.label}>
          {(control) => <Input {...control} name="label" maxLength={30} defaultValue={values.label ?? ''} />}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel={copy.adding} className={button}>
          {copy.add}
        </SubmitButton>
        <p role="status" aria-live="polite" className="text-sm font-medium">
          {state.ok ? copy.added : ''}
        </p>
      </div>
    </form>
  );
}

export function RemoveDayButton({ slug, day, copy }: { slug: string; day: string; copy: { remove: string; removeLabel: string; removing: string; noSuchDay: string } }) {
  const [state, action] = useActionState<OfficeHoursState, FormData>(removeCalendarDay, {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="account" value={slug} />
      <input type="hidden" name="day" value={day} />
      <SubmitButton pendingLabel={copy.removing} aria-label={copy.removeLabel} className={secondary}>
        {copy.remove}
      </SubmitButton>
      {state.code === 'no_such_day' ? (
        <span role="status" className="text-sm">
          {copy.noSuchDay}
        </span>
      ) : null}
    </form>
  );
}
