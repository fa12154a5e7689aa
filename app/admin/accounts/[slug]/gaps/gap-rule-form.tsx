'use client';

import { useActionState } from 'react';
import type { GapRuleState } from './actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

const control = 'block w-full rounded-lg border border-slate-300 bg-white px-3 text-base';

/** The one-click rule of a gap group: keyword and reply prefilled from the group, editable. */
export function GapRuleForm({
  action,
  account,
  id,
  keyword,
  reply,
  labels,
}: {
  action: (state: GapRuleState, form: FormData) => Promise<GapRuleState>;
  account: string;
  id: string;
  keyword: string;
  reply: string;
  labels: Record<'keyword' | 'reply' | 'submit' | 'pending' | 'created' | 'invalid' | 'keywordError' | 'replyError', string>;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  if (state.ok) {
    return (
      <p role="status" className="rounded-lg bg-brand-50 p-2 font-medium text-brand-800">
        {labels.created.replace('{n}', String(state.wouldAnswer ?? 0))}
      </p>
    );
  }
  const v = state.values ?? { keyword, reply };
  return (
    <div>
      <form key={state.at ?? 0} action={formAction} className="space-y-1">
        <input type="hidden" name="account" value={account} />
        <input type="hidden" name="matchType" value="contains" />
        <Field id={`${id}-keyword`} label={labels.keyword} error={state.fieldErrors?.keyword ? labels.keywordError : null}>
          {(c) => <input {...c} name="keyword" defaultValue={v.keyword} maxLength={30} className={`${control} min-h-11`} />}
        </Field>
        <Field id={`${id}-reply`} label={labels.reply} error={state.fieldErrors?.reply ? labels.replyError : null}>
          {(c) => <textarea {...c} name="reply" defaultValue={v.reply} rows={3} maxLength={600} className={`${control} py-2`} />}
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? labels.pending : labels.submit}
        </Button>
      </form>
      <p aria-live="polite" className="min-h-5 text-sm text-red-700">
        {!pending && (state.fieldErrors || state.code) ? labels.invalid : ''}
      </p>
    </div>
  );
}
