'use client';

import { useActionState } from 'react';
import type { SelfTestState } from '@/app/admin/accounts/[slug]/developer/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

export interface SelfTestCopy {
  run: string;
  running: string;
  passed: string;
  failed: string;
  ok: string;
  fail: string;
  steps: Record<string, string>;
  /** Plain-words cause per code; `{detail}` is the HTTP status or WeChat's errcode. */
  causes: Record<string, string>;
  error: string;
}

/** One button; the answer lists each step, and for a failed one the likely cause in plain words. */
export function SelfTestPanel({ action, slug, copy }: { action: (state: SelfTestState, form: FormData) => Promise<SelfTestState>; slug: string; copy: SelfTestCopy }) {
  const [state, formAction, pending] = useActionState(action, {});
  const report = state.report;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
        {pending ? copy.running : copy.run}
      </Button>
      <div role="status" aria-live="polite" className="space-y-2">
        {report && !pending ? (
          <>
            <p className={report.ok ? 'font-medium text-brand-700' : 'font-medium text-red-700'} data-testid="self-test-result">
              {report.ok ? copy.passed : copy.failed}
            </p>
            <ol className="space-y-2">
              {report.steps.map((s) => (
                <li key={s.step} className="rounded-lg p-3 ring-1 ring-slate-200">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={s.ok ? 'green' : 'red'}>{s.ok ? copy.ok : copy.fail}</Badge>
                    <span className="font-medium">{copy.steps[s.step]}</span>
                  </div>
                  {!s.ok && s.cause ? <p className="mt-1 text-sm text-slate-800">{(copy.causes[s.cause] ?? copy.causes.wechat_error ?? '').replace('{detail}', String(s.detail ?? '—'))}</p> : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
        {state.code === 'error' && !pending ? <p className="text-red-700">{copy.error}</p> : null}
      </div>
    </form>
  );
}
