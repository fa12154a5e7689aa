'use client';

import { useActionState, useState } from 'react';
import type { RevealState } from '@/app/admin/inbox/[id]/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

type Labels = Record<'masked' | 'reveal' | 'reason' | 'reasonHint' | 'submit' | 'submitting' | 'revealed' | 'reasonError' | 'error', string>;

/**
 * Under a citizen message whose numbers are masked: asks for a reason, then shows the message as
 * written. The reason goes to the audit log (lib/privacy/shield.ts); nothing is kept in the page.
 */
export function PiiReveal({ action, conversationId, messageId, labels }: { action: (s: RevealState, f: FormData) => Promise<RevealState>; conversationId: number; messageId: number; labels: Labels }) {
  const [state, formAction, pending] = useActionState(action, {});
  const [open, setOpen] = useState(false);
  const id = `reveal-${messageId}`;
  if (state.ok && state.text !== undefined) {
    return (
      <div className="mt-2 rounded-lg bg-amber-50 p-2 text-sm text-slate-900 ring-1 ring-amber-300" role="status">
        <p className="text-xs font-semibold text-amber-900">{labels.revealed}</p>
        <p className="whitespace-pre-wrap break-words">{state.text}</p>
      </div>
    );
  }
  return (
    <div className="mt-2 text-sm">
      <p className="text-xs text-slate-600">🔒 {labels.masked}</p>
      {open ? (
        <form action={formAction} className="mt-1 space-y-1">
          <input type="hidden" name="conversationId" value={conversationId} />
          <input type="hidden" name="messageId" value={messageId} />
          <Field id={id} label={labels.reason} hint={labels.reasonHint} error={state.fieldErrors?.reason ? labels.reasonError : state.code ? labels.error : null} labelClassName="block text-xs font-medium">
            {(control) => (
              // Focus moves to the reason once asked for, so a keyboard user can type at once.
              <input {...control} ref={(el) => el?.focus()} name="reason" required minLength={4} maxLength={200} className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900" />
            )}
          </Field>
          <Button type="submit" variant="secondary" disabled={pending}>
            {pending ? labels.submitting : labels.submit}
          </Button>
        </form>
      ) : (
        <Button type="button" variant="ghost" className="mt-1 px-2 text-sm" onClick={() => setOpen(true)}>
          {labels.reveal}
        </Button>
      )}
    </div>
  );
}
