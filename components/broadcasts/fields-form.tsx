'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface FormField {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
  required?: boolean;
}

/**
 * A small settings form: labelled fields, each with its own error slot (aria-invalid,
 * aria-describedby), the outcome in an aria-live line; what was typed stays after an error.
 * `messages` holds result codes and `field.<name>` errors.
 */
export function FieldsForm({
  action,
  hidden,
  fields,
  submitLabel,
  pendingLabel,
  messages,
  resetOnSuccess = false,
  className,
}: {
  action: Action;
  hidden: Record<string, string>;
  fields: FormField[];
  submitLabel: string;
  pendingLabel: string;
  messages: Record<string, string>;
  resetOnSuccess?: boolean;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const errorOf = (name: string) => (state.fieldErrors?.[name]?.length ? (messages[`field.${name}`] ?? messages.invalid) : null);
  const text = pending ? '' : state.ok ? (messages[state.code ?? 'saved'] ?? '') : state.fieldErrors ? messages.invalid : state.code ? (messages[state.code] ?? messages.error) : '';
  return (
    <form onSubmit={onSubmit} noValidate className={cn('space-y-3', className)} key={resetOnSuccess && state.ok ? state.at : undefined}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {fields.map((f) => (
        <Field key={f.name} id={`ff-${f.name.replace(/\W/g, '-')}`} label={f.label} hint={f.hint} error={errorOf(f.name)}>
          {(control) =>
            f.rows ? (
              <textarea
                {...control}
                name={f.name}
                rows={f.rows}
                defaultValue={f.defaultValue}
                maxLength={f.maxLength}
                className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus:border-brand-600"
              />
            ) : (
              <Input {...control} name={f.name} defaultValue={f.defaultValue} maxLength={f.maxLength} required={f.required} />
            )
          }
        </Field>
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
        <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
          {text}
        </p>
      </div>
    </form>
  );
}
