'use client';

import { useActionState, useEffect, useRef } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface TagFormCopy {
  name: string;
  nameHint: string;
  selfService: string;
  selfServiceHint: string;
  submit: string;
  pending: string;
  /** Result codes (`created`, `saved`) and error codes (`exists`, `limit`, `too_long`, `required`). */
  messages: Record<string, string>;
}

/**
 * Create or edit one tag: name and self-service. The error is shown at the name and the typed
 * name is kept (the form is not reset on an error; a new tag's form empties only on success).
 */
export function TagForm({ action, idPrefix, hidden, values, copy, disabled }: { action: Action; idPrefix: string; hidden: Record<string, string>; values: { name: string; selfService: boolean }; copy: TagFormCopy; disabled?: boolean }) {
  const [state, formAction, pending] = useActionState(action, {});
  const ref = useRef<HTMLFormElement>(null);
  const creating = !('tagId' in hidden);
  useEffect(() => {
    if (state.ok && creating) ref.current?.reset();
    if (state.fieldErrors) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state, creating]);
  const code = state.fieldErrors?.name?.[0];
  const error = code ? (copy.messages[code] ?? copy.messages.required ?? code) : null;
  return (
    <form ref={ref} action={formAction} className="space-y-2" noValidate>
      {Object.entries(hidden).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Field id={`${idPrefix}-name`} label={copy.name} hint={copy.nameHint} error={error}>
        {(control) => <Input {...control} name="name" defaultValue={values.name} autoComplete="off" required disabled={disabled} />}
      </Field>
      <label className="flex min-h-11 items-start gap-2">
        <input type="checkbox" name="selfService" defaultChecked={values.selfService} className="mt-1 size-5" aria-describedby={`${idPrefix}-self-hint`} disabled={disabled} />
        <span>
          <span className="font-medium">{copy.selfService}</span>
          <span id={`${idPrefix}-self-hint`} className="block text-sm text-slate-700">
            {copy.selfServiceHint}
          </span>
        </span>
      </label>
      <Button type="submit" disabled={pending || disabled} aria-busy={pending}>
        {pending ? copy.pending : copy.submit}
      </Button>
      <p aria-live="polite" className={state.ok ? 'min-h-5 text-sm text-brand-700' : 'min-h-5 text-sm text-red-700'}>
        {!pending && state.ok ? (copy.messages[state.code ?? 'saved'] ?? '') : ''}
      </p>
    </form>
  );
}
