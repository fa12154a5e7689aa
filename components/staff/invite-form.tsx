'use client';

import { useActionState, useEffect, useRef } from 'react';
import { CopyButton } from '@/components/directory/copy-button';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { InviteState } from '@/lib/staff/invite-state';

export interface InviteFormCopy {
  email: string;
  role: string;
  days: string;
  daysHint: string;
  submit: string;
  pending: string;
  /** `{email}` and `{until}` are filled in here. */
  created: string;
  onceOnly: string;
  linkLabel: string;
  copy: string;
  copied: string;
  copyFailed: string;
  /** Field error codes (`email`, `role`, `days`, `already_member`…) → text; `generic` for the rest. */
  errors: Record<string, string>;
}

/**
 * Email, role (when the invitation is to an account) and how many days the link lives. On an
 * error every field keeps what was typed and the wrong one says why; on success the link is shown
 * once, with a copy button, and focus moves to it so a screen reader hears it.
 */
export function InviteForm({
  action,
  hidden,
  roles,
  defaultDays,
  maxDays,
  copy,
}: {
  action: (state: InviteState, form: FormData) => Promise<InviteState>;
  hidden?: Record<string, string>;
  roles?: Array<{ value: string; label: string }>;
  defaultDays: number;
  maxDays: number;
  copy: InviteFormCopy;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.link) resultRef.current?.focus();
    else if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  const errorOf = (field: string) => {
    const code = state.fieldErrors?.[field]?.[0];
    return code ? (copy.errors[code] ?? copy.errors.generic) : null;
  };
  const values = state.ok ? {} : (state.values ?? {});
  return (
    <div className="space-y-4">
      <form ref={formRef} key={state.at ?? 0} action={formAction} className="space-y-3" noValidate>
        {Object.entries(hidden ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Field id="invite-email" label={copy.email} error={errorOf('email')}>
          {(control) => <Input {...control} name="email" type="email" inputMode="email" autoComplete="off" required defaultValue={values.email ?? ''} className="mt-1" />}
        </Field>
        {roles ? (
          <Field id="invite-role" label={copy.role} error={errorOf('role')}>
            {(control) => (
              <select
                {...control}
                name="role"
                defaultValue={values.role ?? roles[roles.length - 1]?.value}
                className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base"
              >
                {roles.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field id="invite-days" label={copy.days} hint={copy.daysHint} error={errorOf('validDays')}>
          {(control) => (
            <Input {...control} name="validDays" type="number" inputMode="numeric" min={1} max={maxDays} step={1} defaultValue={values.validDays ?? String(defaultDays)} className="mt-1 sm:w-32" />
          )}
        </Field>
        <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
          {pending ? copy.pending : copy.submit}
        </Button>
        <p aria-live="polite" className="min-h-5 text-sm font-medium text-red-700">
          {!state.ok && state.code && !state.fieldErrors ? (copy.errors[state.code] ?? copy.errors.generic) : ''}
        </p>
      </form>
      {state.ok && state.link ? (
        <div ref={resultRef} tabIndex={-1} role="status" data-testid="invite-result" className="space-y-2 rounded-lg bg-brand-50 p-3 ring-1 ring-brand-100">
          <p className="font-medium">{copy.created.replace('{email}', state.email ?? '').replace('{until}', state.until ?? '')}</p>
          <p className="text-sm text-slate-700">{copy.onceOnly}</p>
          <label htmlFor="invite-link" className="block text-sm font-medium">
            {copy.linkLabel}
          </label>
          <Input id="invite-link" readOnly value={state.link} data-testid="invite-link" className="font-mono text-sm" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton value={state.link} label={copy.copy} copiedLabel={copy.copied} failedLabel={copy.copyFailed} />
        </div>
      ) : null}
    </div>
  );
}
