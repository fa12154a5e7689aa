'use client';

import { useActionState, useState } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';

/** A button that asks once more before it acts (deactivate), or acts at once (reactivate). */
export function StatusForm({
  action,
  slug,
  label,
  confirmLabel,
  done,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  slug: string;
  label: string;
  /** When given, the first tap only reveals this confirming button. */
  confirmLabel?: string;
  done: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [asked, setAsked] = useState(false);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      {confirmLabel && !asked ? (
        <Button type="button" variant="secondary" onClick={() => setAsked(true)}>
          {label}
        </Button>
      ) : (
        <Button type="submit" disabled={pending} aria-busy={pending} variant={confirmLabel ? 'primary' : 'secondary'} className={confirmLabel ? 'bg-red-700 hover:bg-red-800' : undefined}>
          {confirmLabel ?? label}
        </Button>
      )}
      <span role="status" aria-live="polite" className="text-sm text-brand-700">
        {state.ok ? done : ''}
      </span>
    </form>
  );
}
