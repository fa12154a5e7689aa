'use client';

import { useClientCopy } from '@/components/ui/client-copy';

// Error boundaries must be client components; the root layout hands them their copy.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const copy = useClientCopy();
  return (
    <div role="alert" className="py-16 text-center">
      <h1 className="text-2xl font-bold">{copy['error.heading']}</h1>
      <p className="mt-2 text-slate-700">{copy['error.body']}</p>
      <button type="button" onClick={reset} className="mt-6 min-h-11 rounded-lg bg-brand-600 px-4 py-2 text-white">
        {copy['error.retry']}
      </button>
    </div>
  );
}
