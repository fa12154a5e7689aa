'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * Create or edit one canned reply: a name and the text. What was typed stays after an error and
 * each error sits under its field; a new reply's form empties after it was added.
 */
export function CannedForm({ action, idPrefix, hidden, values, copy, submitLabel, okLabel }: { action: Action; idPrefix: string; hidden: Record<string, string>; values: { title: string; body: string }; copy: Record<string, string>; submitLabel: string; okLabel: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  const isNew = !('cannedId' in hidden);
  useEffect(() => {
    if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    if (state.ok && isNew) formRef.current?.reset();
  }, [state, isNew]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const errorOf = (name: string) => {
    const code = state.fieldErrors?.[name]?.[0];
    return code ? (copy[`error.${code}`] ?? copy['error.required']!) : null;
  };
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-2" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field id={`${idPrefix}-title`} label={copy['field.title']} hint={copy['hint.title']} error={errorOf('title')}>
        {(control) => <Input {...control} name="title" defaultValue={values.title} className={cn(control['aria-invalid'] && 'border-red-600')} />}
      </Field>
      <Field id={`${idPrefix}-body`} label={copy['field.body']} hint={copy['hint.body']} error={errorOf('body')}>
        {(control) => <textarea {...control} name="body" rows={4} defaultValue={values.body} className={cn('block w-full rounded-lg border border-slate-300 bg-white p-3 text-base text-slate-900', control['aria-invalid'] && 'border-red-600')} />}
      </Field>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy.saving : submitLabel}
      </Button>
      <p role="status" aria-live="polite" className="min-h-5 text-sm font-medium text-brand-700">
        {!pending && state.ok ? okLabel : ''}
      </p>
    </form>
  );
}
