'use client';

import { useEffect, useRef } from 'react';

/**
 * Opens a conversation at its newest entry, just above the sticky reply box, as a chat does;
 * when a live update brings a new entry it follows only if the reader was already at the end.
 * A link to one message (`#m-123`, from search) or an older page opens where it was asked to.
 */
export function ScrollToNewest({ listId, composerId, newestKey }: { listId: string; composerId: string; newestKey: string }) {
  const atEnd = useRef(true);
  const opened = useRef(false);

  useEffect(() => {
    const last = () => document.getElementById(listId)?.lastElementChild as HTMLElement | null | undefined;
    const composerTop = () => document.getElementById(composerId)?.getBoundingClientRect().top ?? window.innerHeight;
    const onScroll = () => {
      const el = last();
      atEnd.current = !el || el.getBoundingClientRect().bottom <= composerTop() + 48;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [listId, composerId]);

  useEffect(() => {
    const first = !opened.current;
    opened.current = true;
    if (first && (window.location.hash || new URLSearchParams(window.location.search).has('before'))) return;
    if (!first && !atEnd.current) return;
    const el = document.getElementById(listId)?.lastElementChild as HTMLElement | null | undefined;
    if (!el) return;
    // The reply box sticks to the bottom of the screen: stop the newest entry just above it.
    el.style.scrollMarginBottom = `${(document.getElementById(composerId)?.offsetHeight ?? 0) + 8}px`;
    el.scrollIntoView({ block: 'end' });
    atEnd.current = true;
  }, [listId, composerId, newestKey]);

  return null;
}
