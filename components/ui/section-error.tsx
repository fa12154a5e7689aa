'use client';

import { Button } from '@/components/ui/button';
import { useClientCopy } from '@/components/ui/client-copy';

/**
 * The error boundary of an admin section (inbox, events, records): the page around it stays, the
 * section says it could not load and offers a retry. Its copy comes from the root layout, in the
 * reader's language (the server's translator is out of reach of a client boundary).
 */
export function SectionError({ reset }: { error: Error; reset: () => void }) {
  const copy = useClientCopy();
  return (
    <div role="alert" className="space-y-3 rounded-xl bg-white p-6 ring-1 ring-red-200">
      <p className="font-semibold">{copy['error.body']}</p>
      <Button onClick={reset}>{copy['error.retry']}</Button>
    </div>
  );
}
