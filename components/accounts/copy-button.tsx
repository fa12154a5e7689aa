'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies a value that is already on the page (the server URL); says so for screen readers too. */
export function CopyButton({ value, label, done }: { value: string; label: string; done: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {label}
      </Button>
      <span role="status" aria-live="polite" className="text-sm text-brand-700">
        {copied ? done : ''}
      </span>
    </>
  );
}
