'use client';

import { startTransition, useActionState, useEffect, useRef } from 'react';
import type { ActionState } from '@/app/admin/run-command';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

const buttonClass = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg bg-white px-3 text-base font-medium ring-1 ring-slate-300 hover:bg-slate-50 disabled:text-slate-400';

/**
 * Move up / move down for one canned reply. After a move the list re-renders in its new order;
 * focus comes back to the button just used (or its sibling when the reply reached an end), so a
 * keyboard user can press it again, and the change is announced.
 */
export function MoveButtons({ action, cannedId, slug, first, last, labels }: { action: Action; cannedId: number; slug: string; first: boolean; last: boolean; labels: { up: string; down: string; moved: string } }) {
  const [state, formAction, pending] = useActionState(action, {});
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const lastUsed = useRef<'up' | 'down'>('up');
  useEffect(() => {
    if (!state.ok) return;
    const wanted = lastUsed.current === 'up' ? up.current : down.current;
    const other = lastUsed.current === 'up' ? down.current : up.current;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
  }, [state, first, last]);
  const move = (direction: 'up' | 'down') => {
    lastUsed.current = direction;
    const form = new FormData();
    form.set('cannedId', String(cannedId));
    form.set('direction', direction);
    form.set('$slug', slug);
    startTransition(() => formAction(form));
  };
  return (
    <div className="flex items-center gap-2">
      <button ref={up} type="button" className={buttonClass} disabled={first || pending} aria-label={labels.up} onClick={() => move('up')}>
        ↑
      </button>
      <button ref={down} type="button" className={buttonClass} disabled={last || pending} aria-label={labels.down} onClick={() => move('down')}>
        ↓
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {state.ok ? labels.moved : ''}
      </span>
    </div>
  );
}
