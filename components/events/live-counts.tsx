'use client';

import { useActionState, useCallback, useEffect, useState } from 'react';
import type { EventActionState } from '@/app/admin/events/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { cn } from '@/lib/cn';
import type { LiveRosterRow, LiveSnapshot } from '@/lib/events/admin';

type Action = (state: EventActionState, form: FormData) => Promise<EventActionState>;

/** The desk's server actions on one row; absent for roles that only read. */
export interface DeskActions {
  checkIn: Action;
  promote: Action;
  remove: Action;
}

export type LiveLabels = Record<
  | 'registered'
  | 'waitlisted'
  | 'checkedIn'
  | 'cancelled'
  | 'live'
  | 'rosterHeading'
  | 'empty'
  | 'follower'
  | 'web'
  | 'wechat'
  | 'export'
  | 'truncated'
  | 'checkInAction'
  | 'promoteAction'
  | 'removeAction'
  | 'removeConfirm'
  | 'keep'
  | 'pending',
  string
>;

/**
 * The counts and the roster of one event, refreshed together from /admin/events/{id}/live every
 * 5 s (both live in the database, so any app process answers) and at once after a desk action.
 * Polling pauses in hidden tabs. A new render of the server page (after revalidation) replaces
 * what was polled, so the two never disagree for long.
 */
export function LiveCounts({
  eventId,
  initial,
  labels,
  messages,
  desk,
  exportHref,
  limit,
}: {
  eventId: number;
  initial: LiveSnapshot;
  labels: LiveLabels;
  /** Copy for the desk actions' result codes. */
  messages: Record<string, string>;
  desk: DeskActions | null;
  exportHref: string;
  /** How many rows the feed carries at most (the CSV has all). */
  limit: number;
}) {
  const [snapshot, setSnapshot] = useState(initial);
  // A new server render (after an action revalidates the page) replaces what was polled.
  const [rendered, setRendered] = useState(initial);
  if (rendered !== initial) {
    setRendered(initial);
    setSnapshot(initial);
  }
  const poll = useCallback(async () => {
    try {
      const res = await fetch(`/admin/events/${eventId}/live`, { cache: 'no-store' });
      if (res.ok) setSnapshot((await res.json()) as LiveSnapshot);
    } catch {
      /* offline for a moment: the next poll tries again */
    }
  }, [eventId]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) void poll();
    }, 5_000);
    return () => clearInterval(timer);
  }, [poll]);
  const { counts, roster } = snapshot;
  const items = [
    ['registered', `${counts.registered}${counts.capacity ? ` / ${counts.capacity}` : ''}`],
    ['waitlisted', String(counts.waitlisted)],
    ['checkedIn', String(counts.checkedIn)],
  ] as const;
  return (
    <>
      <Card>
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
      </Card>
      <Card className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{labels.rosterHeading}</h2>
          <a href={exportHref} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
            {labels.export}
          </a>
        </div>
        {roster.length === 0 ? (
          <EmptyState>{labels.empty}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="roster">
            {roster.map((row) => (
              <RosterRowView key={row.id} eventId={eventId} row={row} labels={labels} messages={messages} desk={desk} onDone={poll} />
            ))}
          </ul>
        )}
        {roster.length >= limit ? <p className="text-sm text-slate-700">{labels.truncated}</p> : null}
      </Card>
    </>
  );
}

function RosterRowView({
  eventId,
  row,
  labels,
  messages,
  desk,
  onDone,
}: {
  eventId: number;
  row: LiveRosterRow;
  labels: LiveLabels;
  messages: Record<string, string>;
  desk: DeskActions | null;
  onDone: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  // One state per row: which button was pressed travels as `op`, which the strict schemas of
  // the actions would refuse, so it is taken out before the call.
  const [state, formAction, pending] = useActionState(async (previous: EventActionState, form: FormData) => {
    const op = form.get('op');
    form.delete('op');
    const action = op === 'checkIn' ? desk?.checkIn : op === 'promote' ? desk?.promote : op === 'remove' ? desk?.remove : undefined;
    if (!action) return previous;
    const next = await action(previous, form);
    setConfirming(false);
    await onDone();
    return next;
  }, {});
  const status = row.status === 'confirmed' ? labels.registered : row.status === 'waitlisted' ? labels.waitlisted : labels.cancelled;
  const text = pending ? '' : state.code ? (messages[state.code] ?? messages.error) : '';
  return (
    <li className="space-y-2 py-3" data-testid="roster-row" data-registration-id={row.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="min-w-0 break-words font-medium">{row.name || labels.follower}</span>
        <span className="text-sm text-slate-700 tabular-nums">{row.phone || (row.wechat ? labels.wechat : labels.web)}</span>
        <span className="flex flex-wrap gap-1">
          <Badge tone={row.status === 'confirmed' ? 'green' : row.status === 'waitlisted' ? 'amber' : 'slate'}>{status}</Badge>
          {row.checkedInAt ? <Badge tone="green">{labels.checkedIn}</Badge> : null}
        </span>
      </div>
      {desk && row.status !== 'cancelled' ? (
        <form action={formAction} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="eventId" value={eventId} />
          <input type="hidden" name="registrationId" value={row.id} />
          {row.status === 'confirmed' && !row.checkedInAt ? (
            <Button type="submit" name="op" value="checkIn" disabled={pending}>
              {labels.checkInAction}
            </Button>
          ) : null}
          {row.status === 'waitlisted' ? (
            <Button type="submit" name="op" value="promote" disabled={pending}>
              {labels.promoteAction}
            </Button>
          ) : null}
          {confirming ? (
            <>
              <Button type="submit" name="op" value="remove" variant="secondary" disabled={pending} className="text-red-800">
                {labels.removeConfirm}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setConfirming(false)}>
                {labels.keep}
              </Button>
            </>
          ) : (
            <Button type="button" variant="secondary" onClick={() => setConfirming(true)} disabled={pending}>
              {labels.removeAction}
            </Button>
          )}
          {pending ? <span className="text-sm text-slate-700">{labels.pending}</span> : null}
        </form>
      ) : null}
      <p aria-live="polite" className={cn('text-sm', state.ok ? 'text-brand-700' : 'text-red-700', !text && 'sr-only')}>
        {text}
      </p>
    </li>
  );
}
