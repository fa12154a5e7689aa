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
        <Field id={`${id}-canned`} label={labels.canned} error={error('cannedReplyId')}>
          {(c) => (
            <select {...c} name="cannedReplyId" defaultValue={str('cannedReplyId')} className={select}>
              {canned.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-tags`} label={labels.tags} hint={labels.tagsHint} error={error('tags')}>
          {(c) => <input {...c} name="tags" defaultValue={str('tags')} maxLength={200} className={input} />}
        </Field>
        <Field id={`${id}-status`} label={labels.status} error={error('setStatus')}>
          {(c) => (
            <select {...c} name="setStatus" defaultValue={str('setStatus')} className={select}>
              {statuses.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${id}-assign`} label={labels.assign} error={error('assignTo')}>
          {(c) => (
            <select {...c} name="assignTo" defaultValue={str('assignTo')} className={select}>
              {assignees.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
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
