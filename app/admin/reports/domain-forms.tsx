'use client';

import { useActionState } from 'react';
import { addDomainClaimAction, checkDomainsAction, type AdminActionState } from './actions';

const field = 'mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base';

export function AddDomainForm({ labels }: { labels: { account: string; domain: string; submit: string; added: string; invalid: string } }) {
  const [state, action, pending] = useActionState<AdminActionState, FormData>(addDomainClaimAction, {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-3 sm:items-end">
      <div>
        <label htmlFor="claim-slug" className="block text-sm font-medium">
          {labels.account}
        </label>
        <input id="claim-slug" name="slug" required className={field} aria-describedby="claim-status" />
      </div>
      <div>
        <label htmlFor="claim-domain" className="block text-sm font-medium">
          {labels.domain}
        </label>
        <input id="claim-domain" name="domain" required placeholder="www.zs.gov.cn" className={field} aria-describedby="claim-status" />
      </div>
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-brand-600 px-4 font-medium text-white disabled:bg-slate-500">
        {labels.submit}
      </button>
      <p id="claim-status" role="status" aria-live="polite" className="text-sm sm:col-span-3">
        {state.ok ? labels.added : state.error ? labels.invalid : ''}
      </p>
    </form>
  );
}

export function CheckDomainsButton({ label, doneTemplate }: { label: string; doneTemplate: string }) {
  const [state, action, pending] = useActionState<AdminActionState>(checkDomainsAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-500">
        {label}
      </button>
      <span role="status" aria-live="polite" className="text-sm">
        {state.summary
          ? doneTemplate
              .replace('{verified}', String(state.summary.verified))
              .replace('{delisted}', String(state.summary.delisted))
              .replace('{failed}', String(state.summary.failed))
          : ''}
      </span>
    </form>
  );
}
