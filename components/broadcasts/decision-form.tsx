'use client';

import { useActionState, useState } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { cn } from '@/lib/cn';
import type { BroadcastCopy } from './copy';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A reviewer's decision on the level they were shown: approve, or return with a comment. The
 * round and level travel with the form, so a decision on a level someone else decided meanwhile
 * is answered "already decided" instead of landing on the next level.
 */
export function DecisionForm({ approve, reject, hidden, copy }: { approve: Action; reject: Action; hidden: Record<string, string>; copy: BroadcastCopy }) {
  const [approved, approveAction, approving] = useActionState(approve, {});
  const [returned, returnAction, returning] = useActionState(reject, {});
  const [comment, setComment] = useState('');
  // The newer answer is the one to show.
  const state = (approved.at ?? 0) >= (returned.at ?? 0) ? approved : returned;
  const pending = approving || returning;
  const commentError = returned === state && returned.fieldErrors?.comment ? copy['bc.error.comment'] : null;
  const text = pending ? '' : state.ok ? copy[`bc.result.${state.code}` as keyof BroadcastCopy] : state.fieldErrors ? (commentError ?? copy['bc.result.invalid']) : state.code ? (copy[`bc.result.${state.code}` as keyof BroadcastCopy] ?? copy['bc.result.error']) : '';
  return (
    <form className="space-y-3">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field id="bc-comment" label={copy['bc.detail.comment']} hint={copy['bc.detail.commentHint']} error={commentError}>
        {(control) => (
          <textarea
            {...control}
            name="comment"
            rows={3}
            maxLength={1000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus:border-brand-600"
          />
        )}
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" formAction={approveAction} disabled={pending} aria-disabled={pending}>
          {approving ? copy['bc.detail.deciding'] : copy['bc.detail.approve']}
        </Button>
        <Button type="submit" variant="secondary" formAction={returnAction} disabled={pending} aria-disabled={pending}>
          {returning ? copy['bc.detail.deciding'] : copy['bc.detail.return']}
        </Button>
      </div>
      <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {text}
      </p>
    </form>
  );
}
