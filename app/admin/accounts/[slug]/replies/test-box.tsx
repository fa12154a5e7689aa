'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { TestBoxState } from './actions';
import { ReplyPreview } from './reply-preview';

/**
 * Type a citizen's message (and optionally a time of day) and see the rule it would hit and the
 * reply it would give, decided on the server by the webhook's own matcher (lib/auto-reply/choose-reply.ts).
 */
export function TestBox({ action, slug, copy, ruleLabel }: { action: (s: TestBoxState, f: FormData) => Promise<TestBoxState>; slug: string; copy: Record<string, string>; ruleLabel: Record<string, string> }) {
  const [state, formAction, pending] = useActionState(action, {});
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const error = (name: string) => {
    const code = state.fieldErrors?.[name]?.[0];
    return code ? (copy[`error.${code}`] ?? copy['error.required']!) : null;
  };
  const answer = state.answer;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="account" value={slug} />
      <Field id="test-text" label={copy['test.text']} error={error('text')}>
        {(control) => <Input {...control} name="text" autoComplete="off" />}
      </Field>
      <Field id="test-time" label={copy['test.time']} hint={copy['test.timeHint']} error={error('time')}>
        {(control) => <Input {...control} name="time" type="time" className="max-w-48" />}
      </Field>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy['test.pending'] : copy['test.submit']}
      </Button>
      <div role="status" aria-live="polite" data-testid="test-result" className="space-y-2">
        {answer && !pending ? (
          answer.rule && answer.reply ? (
            <div className="space-y-2 rounded-lg bg-brand-50 p-3 ring-1 ring-brand-100">
              <p className="font-medium">
                {copy['test.hit']!.replace('{time}', answer.at)} {ruleLabel[answer.rule.matchType ?? answer.rule.kind] ?? answer.rule.kind}
                {answer.rule.pattern ? (
                  <>
                    {' '}
                    <code className="break-all rounded bg-white px-1">{answer.rule.pattern}</code>
                  </>
                ) : null}
              </p>
              <p className="text-sm font-medium text-slate-700">{copy['test.reply']}</p>
              <div className="rounded-lg bg-white p-3">
                <ReplyPreview reply={answer.reply} imageLabel={copy['test.imageReply']!} />
              </div>
            </div>
          ) : (
            <p className="rounded-lg bg-slate-100 p-3">{copy['test.none']!.replace('{time}', answer.at)}</p>
          )
        ) : null}
      </div>
    </form>
  );
}
