'use client';

import { useActionState } from 'react';
import { reportAccount, type ReportState } from './actions';
import { Field } from '@/components/ui/field';

export interface ReportFormLabels {
  name: string;
  wechatId: string;
  reason: string;
  submit: string;
  pending: string;
  thanks: string;
  limited: string;
  nameError: string;
  wechatIdError: string;
  reasonError: string;
}

const field = 'mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base text-slate-900';

export function ReportForm({ labels, defaultName, defaultWechatId }: { labels: ReportFormLabels; defaultName: string; defaultWechatId: string }) {
  const [state, action, pending] = useActionState<ReportState, FormData>(reportAccount, {});
  if (state.ok) {
    return (
      <p role="status" className="rounded-lg bg-brand-50 p-3 text-brand-800 ring-1 ring-brand-100">
        {labels.thanks}
      </p>
    );
  }
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <Field id="report-name" label={labels.name} error={errors.name ? labels.nameError : null}>
        {(control) => <input {...control} name="name" required maxLength={100} defaultValue={state.values?.name ?? defaultName} className={field} />}
      </Field>
      <Field id="report-wechat-id" label={labels.wechatId} error={errors.wechatId ? labels.wechatIdError : null}>
        {(control) => <input {...control} name="wechatId" maxLength={64} defaultValue={state.values?.wechatId ?? defaultWechatId} className={field} />}
      </Field>
      <Field id="report-reason" label={labels.reason} error={errors.reason ? labels.reasonError : null}>
        {(control) => <textarea {...control} name="reason" required maxLength={1000} rows={3} defaultValue={state.values?.reason ?? ''} className={`${field} py-2`} />}
      </Field>
      {/* Field errors stand at their fields; only a refusal that no field caused is said here. */}
      <p role="alert" className="text-red-800">
        {state.error === 'rate_limited' ? labels.limited : ''}
      </p>
      <button type="submit" disabled={pending} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700 disabled:bg-slate-500">
        {pending ? labels.pending : labels.submit}
      </button>
    </form>
  );
}
