'use client';

import { useState } from 'react';

/** Copies a WeChat id; the result is announced to screen readers. */
export function CopyButton({ value, label, copiedLabel, failedLabel }: { value: string; label: string; copiedLabel: string; failedLabel: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className="inline-flex min-h-11 items-center rounded-lg px-3 text-base font-medium text-slate-900 ring-1 ring-slate-300 hover:bg-slate-50"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setState('copied');
          } catch {
            setState('failed');
          }
        }}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="text-sm text-slate-700">
        {state === 'copied' ? copiedLabel : state === 'failed' ? failedLabel : ''}
      </span>
    </span>
  );
}
