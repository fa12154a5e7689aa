'use client';

import { useEffect, useState } from 'react';

interface Counts {
  registered: number;
  waitlisted: number;
  checkedIn: number;
  capacity: number | null;
}

/**
 * Registered / waitlisted / checked-in, refreshed from /admin/events/{id}/live every 5 s (the
 * counts live in the database, so any app process answers). Polling pauses in hidden tabs.
 */
export function LiveCounts({ eventId, initial, labels }: { eventId: number; initial: Counts; labels: Record<'registered' | 'waitlisted' | 'checkedIn' | 'capacity' | 'live', string> }) {
  const [counts, setCounts] = useState(initial);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.hidden) return;
      try {
        const res = await fetch(`/admin/events/${eventId}/live`, { cache: 'no-store' });
        if (res.ok && !stopped) setCounts((await res.json()) as Counts);
      } catch {
        /* offline for a moment: the next poll tries again */
      }
    };
    const timer = setInterval(() => void poll(), 5_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [eventId]);
  const items = [
    ['registered', `${counts.registered}${counts.capacity ? ` / ${counts.capacity}` : ''}`],
    ['waitlisted', String(counts.waitlisted)],
    ['checkedIn', String(counts.checkedIn)],
  ] as const;
  return (
    <div>
      <dl className="grid grid-cols-3 gap-2 text-center" aria-live="polite">
        {items.map(([key, value]) => (
          <div key={key} className="rounded-lg bg-brand-50 p-3">
            <dt className="text-sm text-slate-700">{labels[key]}</dt>
            <dd className="text-2xl font-bold tabular-nums" data-testid={`count-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-1 text-xs text-slate-600">{labels.live}</p>
    </div>
  );
}
