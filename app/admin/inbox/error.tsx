'use client';

import { Button } from '@/components/ui/button';

/** Client error boundary: the copy is bilingual because the dictionary lives on the server. */
export default function InboxError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-xl bg-white p-6 ring-1 ring-red-200">
      <p className="font-semibold">收件箱暂时无法加载。 The inbox cannot be loaded right now.</p>
      <Button onClick={reset}>重试 Retry</Button>
    </div>
  );
}
