'use client';

import { useActionState, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { ActionState } from '@/app/admin/inbox/actions';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';

type Labels = Record<
  | 'label' | 'placeholder' | 'send' | 'sending' | 'queued' | 'waiting' | 'error' | 'tooLong'
  | 'canned' | 'cannedSearch' | 'cannedEmpty' | 'suggestions' | 'useSuggestion' | 'windowLine' | 'lastWarning',
  string
>;

function newKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/**
 * The reply box, sticky at the bottom of the conversation on a phone: canned replies (searchable),
 * suggestions from earlier answers, the window line (time and messages left), a warning before
 * the last message. A client key per draft makes a double tap store one reply.
 */
export function Composer({
  action,
  conversationId,
  canned,
  suggestions,
  labels,
  windowTone,
  lastOne,
}: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  conversationId: number;
  canned: Array<{ id: number; title: string; body: string }>;
  suggestions: Array<{ answer: string; question: string }>;
  labels: Labels;
  windowTone: 'ok' | 'warn' | 'closed';
  lastOne: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [text, setText] = useState('');
  const [clientKey, setClientKey] = useState(newKey);
  const [filter, setFilter] = useState('');
  const [showCanned, setShowCanned] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const handled = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    // The box grows with its text up to its max height (CSS), then scrolls; it shrinks again
    // when text is removed or sent. Measured from scrollHeight, so wrapped lines count too.
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  }, [text]);

  useEffect(() => {
    if (!showCanned) return;
    // Esc closes the canned replies wherever focus is, and hands focus back to the button.
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setShowCanned(false);
      document.getElementById('canned-opener')?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [showCanned]);

  function toggleCanned(e: MouseEvent<HTMLButtonElement>) {
    const opening = !showCanned;
    setShowCanned(opening);
    // Opened from the keyboard (a click with no pointer, detail 0): go to the search box. A tap
    // leaves focus alone, so a phone's keyboard does not cover the list.
    if (opening && e.detail === 0) requestAnimationFrame(() => search.current?.focus());
  }

  useEffect(() => {
    // A stored reply empties the box and starts a new draft (new idempotency key).
    if (state.ok && state.at !== handled.current) {
      handled.current = state.at;
      setText('');
      setClientKey(newKey());
    }
  }, [state]);

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q ? canned.filter((c) => c.title.toLowerCase().includes(q) || c.body.toLowerCase().includes(q)) : canned;
  }, [canned, filter]);

  function use(body: string) {
    setText((current) => (current.trim() ? `${current}\n${body}` : body));
    setShowCanned(false);
    textarea.current?.focus();
  }

  const status = pending ? labels.sending : state.ok ? (state.code === 'waiting_for_citizen' ? labels.waiting : labels.queued) : state.fieldErrors ? labels.error : state.code ? labels.error : '';

  return (
    <div id="composer" className="sticky bottom-0 z-10 -mx-4 border-t border-slate-200 bg-white/95 px-4 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur">
      <p className={cn('mb-2 rounded-lg px-3 py-1 text-sm', windowTone === 'ok' ? 'bg-brand-50 text-brand-800' : windowTone === 'warn' ? 'bg-amber-50 text-amber-900' : 'bg-slate-100 text-slate-800')}>
        {labels.windowLine}
      </p>
      {lastOne ? <p className="mb-2 text-sm font-medium text-amber-900" role="note">⚠️ {labels.lastWarning}</p> : null}
      {suggestions.length > 0 ? (
        <details className="mb-2 text-sm">
          <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">{labels.suggestions}</summary>
          <ul className="mt-1 space-y-1">
            {suggestions.map((s, i) => (
              <li key={i} className="flex items-start gap-2 rounded-lg bg-slate-50 p-2">
                <p className="flex-1 whitespace-pre-wrap break-words">{s.answer}</p>
                <Button type="button" variant="secondary" className="min-h-9 px-3 text-sm" onClick={() => use(s.answer)}>
                  {labels.useSuggestion}
                </Button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {showCanned ? (
        <div id="canned-panel" className="mb-2 max-h-64 overflow-y-auto rounded-lg ring-1 ring-slate-200">
          <label className="sr-only" htmlFor="canned-search">
            {labels.cannedSearch}
          </label>
          <input
            id="canned-search"
            ref={search}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder={labels.cannedSearch}
            className="sticky top-0 block min-h-11 w-full border-b border-slate-200 bg-white px-3 text-base"
          />
          {shown.length === 0 ? <p className="p-3 text-sm text-slate-600">{labels.cannedEmpty}</p> : null}
          <ul>
            {shown.map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => use(c.body)} className="block min-h-11 w-full px-3 py-2 text-left hover:bg-brand-50">
                  <span className="block font-medium">{c.title}</span>
                  <span className="block truncate text-sm text-slate-600">{c.body}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form action={formAction} className="flex items-end gap-2">
        <input type="hidden" name="conversationId" value={conversationId} />
        <input type="hidden" name="clientKey" value={clientKey} />
        <Button id="canned-opener" type="button" variant="secondary" className="shrink-0 px-3" aria-expanded={showCanned} aria-controls="canned-panel" onClick={toggleCanned}>
          {labels.canned}
        </Button>
        <label htmlFor="reply-text" className="sr-only">
          {labels.label}
        </label>
        <textarea
          id="reply-text"
          ref={textarea}
          name="text"
          rows={1}
          maxLength={2000}
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={labels.placeholder}
          aria-describedby="reply-status"
          className="block max-h-[min(40dvh,12rem)] min-h-11 min-w-0 flex-1 resize-none overflow-y-auto rounded-lg border border-slate-300 px-3 py-2 text-base"
        />
        <Button type="submit" disabled={pending || text.trim() === ''} className="shrink-0">
          {pending ? labels.sending : labels.send}
        </Button>
      </form>
      <p id="reply-status" aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
        {status}
      </p>
    </div>
  );
}
