'use client';

import { useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import type { ActionState } from '@/app/admin/run-command';

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';
export type PasswordFormCopy = Record<PasswordField | 'newHint' | 'submit' | 'pending', string> & { errors: Record<string, string> };

const errorText = 'min-h-5 text-sm font-medium text-red-700';

/**
 * Current password, new password twice. An error is shown next to its field only and focus goes
 * to the first wrong field; the fields come back empty, since passwords are never echoed into
 * form state (lib/auth/password-change.ts).
 */
export function PasswordForm({ action, copy, minLength }: { action: (state: ActionState, form: FormData) => Promise<ActionState>; copy: PasswordFormCopy; minLength: number }) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.fieldErrors) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);
  const errorOf = (f: PasswordField) => {
    const code = state.fieldErrors?.[f]?.[0];
    return code ? (copy.errors[code] ?? copy.errors.required) : '';
  };
  const field = (name: PasswordField, autoComplete: string, hint?: string) => {
    const error = errorOf(name);
    const id = `pw-${name}`;
    return (
      <div>
        <label htmlFor={id} className="block font-medium">
          {copy[name]}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-sm text-slate-700">
            {hint}
          </p>
        ) : null}
        <Input
          id={id}
          name={name}
          type="password"
          autoComplete={autoComplete}
          required
          minLength={name === 'currentPassword' ? undefined : minLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ')}
        />
        <p id={`${id}-error`} aria-live="polite" className={errorText}>
          {error}
        </p>
      </div>
    );
  };
  return (
    <form ref={formRef} key={state.at ?? 0} action={formAction} className="space-y-3" noValidate>
      {field('currentPassword', 'current-password')}
      {field('newPassword', 'new-password', copy.newHint)}
      {field('confirmPassword', 'new-password')}
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy.pending : copy.submit}
      </Button>
    </form>
  );
}
