'use client';

import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { closeFollowUp, type FollowUpState } from './actions';

export interface CloseCopy {
  outcome: string;
  outcomeHint: string;
  outcomeRequired: string;
  close: string;
  closing: string;
  closed: string;
  alreadyClosed: string;
}

/** What was done, then close: the text stays when it is refused. */
export function CloseFollowUpForm({ taskId, slug, copy }: { taskId: number; slug: string; copy: CloseCopy }) {
  const [state, action] = useActionState<FollowUpState, FormData>(closeFollowUp, {});
  return (
    <form action={action} key={state.at ?? 0} className="space-y-2" noValidate>
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="slug" value={slug} />
      <Field id={`outcome-${taskId}`} label={copy.outcome} hint={copy.outcomeHint} error={state.fieldErrors?.outcome?.length ? copy.outcomeRequired : null}>
        {(control) => (
          <textarea
            {...control}
            name="outcome"
            rows={3}
            maxLength={2000}
            defaultValue={state.outcome ?? ''}
            className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base"
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel={copy.closing} className="min-h-11 rounded-lg bg-brand-600 px-4 font-medium text-white disabled:bg-slate-500">
          {copy.close}
        </SubmitButton>
        <p role="status" aria-live="polite" className="text-sm font-medium">
          {state.ok ? copy.closed : state.code === 'already_closed' ? copy.alreadyClosed : ''}
        </p>
      </div>
    </form>
  );
}
