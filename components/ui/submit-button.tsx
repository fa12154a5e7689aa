'use client';

import type { ButtonHTMLAttributes } from 'react';
import { useFormStatus } from 'react-dom';

/**
 * A submit button that shows the form is being handled: disabled and relabelled while its
 * server action runs, so a tap on a slow phone connection is not repeated or left unexplained.
 */
export function SubmitButton({ pendingLabel, children, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { pendingLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-busy={pending} {...props}>
      {pending ? pendingLabel : children}
    </button>
  );
}
