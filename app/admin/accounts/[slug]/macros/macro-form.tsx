'use client';

import { useActionState } from 'react';
import type { MacroFormState } from './actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { cn } from '@/lib/cn';

export interface MacroValues {
  macroId?: number;
  name: string;
  cannedReplyId: string;
  tags: string;
  setStatus: string;
  assignTo: string;
}

type Option = { value: string; label: string };

type FieldName = 'name' | 'cannedReplyId' | 'tags' | 'setStatus' | 'assignTo';
const select = 'block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base';
const input = 'block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base';

/**
 * One macro's form (new or existing). After an answer the form is drawn again from what was
 * typed (`key` changes), so an error never loses the input and each error sits at its field.
 */
export function MacroForm({
  action,
  account,
  initial,
  canned,
  statuses,
  assignees,
  labels,
}: {
  action: (state: MacroFormState, form: FormData) => Promise<MacroFormState>;
  account: string;
  initial: MacroValues;
  canned: Option[];
  statuses: Option[];
  assignees: Option[];
  labels: Record<'name' | 'nameHint' | 'canned' | 'tags' | 'tagsHint' | 'status' | 'assign' | 'submit' | 'saving' | 'ok' | 'invalid', string> & { errors: Record<FieldName, string> };
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const v = { ...initial, ...(state.values ?? {}) } as Record<string, string | number | undefined>;
  const id = initial.macroId ? `macro-${initial.macroId}` : 'macro-new';
  const error = (field: FieldName) => (state.fieldErrors?.[field] ? labels.errors[field] : null);
  const str = (k: string) => String(v[k] ?? '');
  return (
    <div>
      <form key={state.at ?? 0} action={formAction} className="space-y-1">
        <input type="hidden" name="account" value={account} />
        {initial.macroId ? <input type="hidden" name="macroId" value={initial.macroId} /> : null}
        <Field id={`${id}-name`} label={labels.name} hint={labels.nameHint} error={error('name')}>
          {(c) => <input {...c} name="name" defaultValue={str('name')} maxLength={40} className={input} />}
        </Field>
        <Choice id={`${id}-canned`} name="cannedReplyId" label={labels.canned} error={error('cannedReplyId')} value={str('cannedReplyId')} options={canned} />
        <Field id={`${id}-tags`} label={labels.tags} hint={labels.tagsHint} error={error('tags')}>
          {(c) => <input {...c} name="tags" defaultValue={str('tags')} maxLength={200} className={input} />}
        </Field>
        <Choice id={`${id}-status`} name="setStatus" label={labels.status} error={error('setStatus')} value={str('setStatus')} options={statuses} />
        <Choice id={`${id}-assign`} name="assignTo" label={labels.assign} error={error('assignTo')} value={str('assignTo')} options={assignees} />
        <Button type="submit" disabled={pending}>
          {pending ? labels.saving : labels.submit}
        </Button>
      </form>
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {pending ? '' : state.ok ? labels.ok : state.fieldErrors || state.code ? labels.invalid : ''}
      </p>
    </div>
  );
}

/** A labelled select with its error slot (components/ui/field.tsx). */
function Choice({ id, name, label, error, value, options }: { id: string; name: string; label: string; error: string | null; value: string; options: Option[] }) {
  return (
    <Field id={id} label={label} error={error}>
      {(c) => (
        <select {...c} name={name} defaultValue={value} className={select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
