'use client';

import { useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
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
        <Button type="submit" disabled={pending} aria-disabled={pending} className="w-full bg-red-700 hover:bg-red-800">
          {pending ? copy.pending : copy.confirm}
        </Button>
      )}
      <p ref={statusRef} tabIndex={-1} role="status" aria-live="polite" data-testid="cancel-result" className="min-h-5 text-lg font-semibold">
        {state.code ? copy[state.code] : ''}
      </p>
    </form>
  );
}
