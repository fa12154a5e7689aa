'use client';

import { Button } from '@/components/ui/button';

/** Client error boundary: bilingual because the dictionary lives on the server. */
export default function EventsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-xl bg-white p-6 ring-1 ring-red-200">
      <p className="font-semibold">活动加载失败，请重试。 Events could not be loaded.</p>
      <Button onClick={reset}>重试 Retry</Button>
    </div>
  );
}
