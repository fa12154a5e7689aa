'use client';

import { Button } from '@/components/ui/button';
import { useClientCopy } from '@/components/ui/client-copy';

/** Client error boundary: its copy comes from the root layout, in the reader's language. */
export default function RecordsError({ reset }: { error: Error; reset: () => void }) {
  const copy = useClientCopy();
  return (
    <div role="alert" className="space-y-3 rounded-xl bg-white p-6 ring-1 ring-red-200">
      <p className="font-semibold">{copy['error.body']}</p>
      <Button onClick={reset}>{copy['error.retry']}</Button>
    </div>
  );
}
