'use client';

import { useActionState, useEffect, useRef } from 'react';
import type { WebCancelState } from '@/lib/events/public-registration';

type Action = (state: WebCancelState, form: FormData) => Promise<WebCancelState>;

export type WebCancelCopy = 'confirm' | 'pending' | 'cancelled' | 'already' | 'closed' | 'not_found';

/** One button that posts the cancellation (never a GET: link previewers open links). */
export function WebCancelForm({ action, eventId, token, copy }: { action: Action; eventId: number; token: string; copy: Record<WebCancelCopy, string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state.code) statusRef.current?.focus();
  }, [state]);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="token" value={token} />
      {state.code ? null : (
        // Not <Button>: it has no destructive variant, and its class names cannot be overridden (lib/cn joins, it does not merge).
        <button
          type="submit"
          disabled={pending}
          aria-disabled={pending}
          className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-red-700 px-4 text-base font-medium text-white hover:bg-red-800 disabled:bg-slate-400"
        >
          {pending ? copy.pending : copy.confirm}
        </button>
      )}
      <p ref={statusRef} tabIndex={-1} role="status" aria-live="polite" data-testid="cancel-result" className="min-h-5 text-lg font-semibold">
        {state.code ? copy[state.code] : ''}
      </p>
    </form>
  );
}
