'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { generateEncodingAesKey, generateToken } from '@/lib/accounts/generate';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { cn } from '@/lib/cn';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** One field of an account form, described by the server page (labels already translated). */
export interface FormField {
  name: string;
  label: string;
  hint?: string;
  kind: 'text' | 'url' | 'password' | 'textarea' | 'select' | 'date' | 'checkbox';
  options?: { value: string; label: string }[];
  /** What the control starts with. Never a secret: secret fields always start empty. */
  defaultValue?: string;
  required?: boolean;
  /** A write-only secret's state ("set" / "not set"), shown as a badge beside the label. */
  status?: { label: string; set: boolean };
  /** Offers a button that fills the field with a random value, generated in this browser. */
  generate?: 'token' | 'encodingAesKey';
  wide?: boolean;
  mono?: boolean;
}

export interface FormCopy {
  submit: string;
  pending: string;
  generate?: string;
  generatedHint?: string;
  /** Result codes (`saved`, `invalid`, `error`…) and field error codes (`error.<code>`). */
  messages: Record<string, string>;
}

const GENERATORS = { token: generateToken, encodingAesKey: generateEncodingAesKey };

/**
 * The account pages' forms (create, details, verification, developer settings). What was typed
 * stays after an error (submitted without React's form reset), each field shows its own error
 * and the first wrong field gets focus. After a successful save the secret fields are emptied:
 * the server never sends them back, and the browser should not keep them either.
 */
export function AccountForm({ action, hidden, fields, copy, idPrefix }: { action: Action; hidden: Record<string, string>; fields: FormField[]; copy: FormCopy; idPrefix: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  // Values of the generated fields, with the answer they were set after: a later successful save empties them.
  const [typed, setTyped] = useState<{ after: number; values: Record<string, string> }>({ after: 0, values: {} });
  const generated = state.ok && (state.at ?? 0) !== typed.after ? {} : typed.values;
  const setGenerated = (name: string, value: string) => setTyped({ after: state.at ?? 0, values: { ...generated, [name]: value } });
  useEffect(() => {
    if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    if (state.ok) {
      for (const f of fields) {
        const el = formRef.current?.elements.namedItem(f.name);
        if (f.kind === 'password' && el instanceof HTMLInputElement) el.value = '';
      }
    }
  }, [state, fields]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const errorOf = (name: string) => {
    const code = state.fieldErrors?.[name]?.[0];
    return code ? (copy.messages[`error.${code}`] ?? copy.messages['error.required']) : null;
  };
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3" noValidate>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
        {fields.map((f) => {
          const id = `${idPrefix}-${f.name}`;
          const label = (
            <span className="flex flex-wrap items-center gap-2">
              {f.label}
              {f.status ? <Badge tone={f.status.set ? 'green' : 'slate'}>{f.status.label}</Badge> : null}
            </span>
          );
          if (f.kind === 'checkbox') {
            return (
              <div key={f.name} className={cn('flex min-h-11 items-center gap-3', f.wide && 'sm:col-span-2')}>
                <input type="hidden" name={f.name} value="off" />
                <input id={id} type="checkbox" name={f.name} value="on" defaultChecked={f.defaultValue === 'on'} className="size-6" />
                <label htmlFor={id} className="inline-flex min-h-11 grow items-center font-medium">
                  {f.label}
                </label>
              </div>
            );
          }
          return (
            <Field key={f.name} id={id} label={label} hint={f.generate && generated[f.name] ? copy.generatedHint : f.hint} error={errorOf(f.name)} className={cn('min-w-0', (f.wide || f.kind === 'textarea') && 'sm:col-span-2')}>
              {(control) => {
                const common = { ...control, name: f.name, 'aria-invalid': control['aria-invalid'] || undefined, required: f.required };
                if (f.kind === 'textarea') return <textarea {...common} rows={4} defaultValue={f.defaultValue} className="block w-full rounded-lg border border-slate-300 bg-white p-3 text-base" />;
                if (f.kind === 'select') {
                  return (
                    <select {...common} defaultValue={f.defaultValue} className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base">
                      {f.options?.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  );
                }
                const input = (
                  <Input
                    {...common}
                    type={f.kind === 'password' ? 'password' : f.kind === 'date' ? 'date' : f.kind === 'url' ? 'url' : 'text'}
                    autoComplete={f.kind === 'password' || f.generate ? 'off' : undefined}
                    spellCheck={false}
                    {...(f.generate ? { value: generated[f.name] ?? '', onChange: (e) => setGenerated(f.name, e.target.value) } : { defaultValue: f.defaultValue })}
                    className={cn('min-w-0', f.mono && 'font-mono', control['aria-invalid'] && 'border-red-600')}
                  />
                );
                if (!f.generate) return input;
                const make = GENERATORS[f.generate];
                return (
                  <div className="flex flex-wrap gap-2 sm:flex-nowrap">
                    {input}
                    <Button type="button" variant="secondary" onClick={() => setGenerated(f.name, make())} aria-controls={id} className="shrink-0">
                      {copy.generate}
                    </Button>
                  </div>
                );
              }}
            </Field>
          );
        })}
      </div>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy.pending : copy.submit}
      </Button>
      <p role="status" aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {pending ? '' : state.code ? (copy.messages[state.code] ?? copy.messages.error) : ''}
      </p>
    </form>
  );
}
