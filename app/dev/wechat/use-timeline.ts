'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { TimelineEntry } from '@/lib/wechat/simulator/app-data';
import { fetchTimeline } from './phone-api';

export const POLL_MS = 2_000;

export interface Timeline {
  entries: TimelineEntry[];
  status: 'loading' | 'ready' | 'error';
  subscribed: boolean;
  /** Fetches what is new now (after a send) instead of waiting for the next poll. */
  refresh(): Promise<void>;
}

interface Loaded {
  key: string;
  entries: TimelineEntry[];
  status: 'ready' | 'error';
  subscribed: boolean;
}

/**
 * The phone's conversation, polled every 2 s while the page is visible: customer-service replies
 * from staff arrive through the fake API at any time. Polls never overlap, and answers for a
 * previous account or citizen are dropped (state is keyed by both, so switching shows "loading"
 * at once instead of the other chat).
 */
export function useTimeline(account: string, openid: string): Timeline {
  const key = `${account}\u0000${openid}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const keyRef = useRef(key);
  const lastSeq = useRef<{ key: string; seq: number } | null>(null);
  const inFlight = useRef<{ key: string; run: Promise<void> } | null>(null);

  const load = useCallback((): Promise<void> => {
    const forKey = `${account}\u0000${openid}`;
    if (inFlight.current?.key === forKey) return inFlight.current.run;
    const after = lastSeq.current?.key === forKey ? lastSeq.current.seq : undefined;
    const run = (async () => {
      try {
        const answer = await fetchTimeline(account, openid, after);
        if (keyRef.current !== forKey) return;
        const known = lastSeq.current?.key === forKey ? lastSeq.current.seq : -1;
        const fresh = answer.messages.filter((e) => e.seq > known);
        if (fresh.length > 0) lastSeq.current = { key: forKey, seq: fresh[fresh.length - 1]!.seq };
        setLoaded((old) => ({
          key: forKey,
          entries: old?.key === forKey ? [...old.entries, ...fresh] : fresh,
          status: 'ready',
          subscribed: answer.window.subscribed,
        }));
      } catch {
        if (keyRef.current !== forKey) return;
        setLoaded((old) => (old?.key === forKey ? { ...old, status: 'error' } : { key: forKey, entries: [], status: 'error', subscribed: false }));
      }
    })().finally(() => {
      if (inFlight.current?.run === run) inFlight.current = null;
    });
    inFlight.current = { key: forKey, run };
    return run;
  }, [account, openid]);

  useEffect(() => {
    keyRef.current = key;
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, load]);

  // A poll already under way may have started before the send landed: wait for it, then ask again.
  const refresh = useCallback(async () => {
    const running = inFlight.current;
    if (running) await running.run;
    await load();
  }, [load]);

  const current = loaded?.key === key ? loaded : null;
  return {
    entries: current?.entries ?? [],
    status: current?.status ?? 'loading',
    subscribed: current?.subscribed ?? false,
    refresh,
  };
}
