'use client';

import { useEffect, useRef, useState } from 'react';

const BEAT_MS = 5_000;
/**
 * Typing counts as stopped this long after the last keystroke. Longer than BEAT_MS, so a
 * colleague's page, beating every BEAT_MS, always sees a burst of typing, however short.
 */
const TYPING_IDLE_MS = 7_000;
/** While typing, beat this often, so the state falls back to viewing soon after the idle time. */
const TYPING_BEAT_MS = 3_000;

type Colleague = { name: string; state: 'viewing' | 'typing' };

/**
 * The collision warning (docs/citizen-service.md "Working the queue"): heartbeats this staff
 * member's presence in the conversation — `typing` while the reply box changes — and shows who
 * else is here, announced politely to screen readers. Leaving the page says `gone`.
 */
export function PresenceBanner({ conversationId, labels }: { conversationId: number; labels: { region: string; viewing: string; typing: string; hint: string } }) {
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const lastKey = useRef(0);
  const sentState = useRef<'viewing' | 'typing'>('viewing');

  useEffect(() => {
    const url = `/admin/inbox/${conversationId}/presence`;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stateNow = (): 'viewing' | 'typing' => (Date.now() - lastKey.current < TYPING_IDLE_MS ? 'typing' : 'viewing');

    async function beat() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      const state = stateNow();
      sentState.current = state;
      try {
        const response = await fetch(url, { method: 'POST', body: JSON.stringify({ state }), headers: { 'content-type': 'application/json' }, cache: 'no-store' });
        if (response.ok && !stopped) setColleagues(((await response.json()) as { colleagues: Colleague[] }).colleagues);
      } catch {
        /* offline for a moment: the next beat tries again */
      }
      if (!stopped) timer = setTimeout(beat, state === 'typing' ? TYPING_BEAT_MS : BEAT_MS);
    }

    function onInput(e: Event) {
      if (!(e.target instanceof HTMLTextAreaElement) || e.target.id !== 'reply-text') return;
      lastKey.current = Date.now();
      // Starting to type is news for colleagues (and the citizen's indicator): say it now.
      if (sentState.current !== 'typing') void beat();
    }

    function leave() {
      navigator.sendBeacon?.(url, new Blob([JSON.stringify({ state: 'gone' })], { type: 'application/json' }));
    }

    void beat();
    document.addEventListener('input', onInput);
    window.addEventListener('pagehide', leave);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('input', onInput);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [conversationId]);

  return (
    <div role="status" aria-live="polite" aria-label={labels.region} className={colleagues.length ? 'rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-300' : 'sr-only'}>
      {colleagues.length ? (
        <>
          <ul className="font-semibold">
            {colleagues.map((c) => (
              <li key={`${c.name}-${c.state}`}>{(c.state === 'typing' ? labels.typing : labels.viewing).replace('{name}', c.name)}</li>
            ))}
          </ul>
          <p>{labels.hint}</p>
        </>
      ) : null}
    </div>
  );
}
