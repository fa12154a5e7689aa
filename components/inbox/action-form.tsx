'use client';

import { useActionState, type ReactNode } from 'react';
import type { ActionState } from '@/app/admin/inbox/actions';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A small form around one inbox server action: pending state on the button, the outcome in an
 * aria-live line, field errors by name. Copy comes from the server page (lib/i18n).
 */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel,
  messages,
  className,
  variant = 'secondary',
  inline = false,
}: {
  action: Action;
  children?: ReactNode;
  submitLabel: string;
  pendingLabel: string;
  /** Copy for result codes: `saved`, error codes, field names. */
  messages: Record<string, string>;
  className?: string;
  variant?: 'primary' | 'secondary' | 'ghost';
  inline?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const fieldError = state.fieldErrors ? Object.keys(state.fieldErrors)[0] : undefined;
  const text = pending
    ? ''
    : state.ok
      ? (messages[state.code ?? 'saved'] ?? messages.saved)
      : fieldError
        ? (messages[`field.${fieldError}`] ?? messages.invalid)
        : state.code
          ? (messages[state.code] ?? messages.error)
          : '';
  return (
    <form action={formAction} className={cn(inline ? 'flex flex-wrap items-end gap-2' : 'space-y-2', className)}>
      {children}
      <Button type="submit" variant={variant} disabled={pending} aria-disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700', inline && 'w-full')}>
        {text}
      </p>
    </form>
  );
}
