'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

const POLL_MS = 3_000;

/**
 * The unread badge in the admin bar, and live updates for the inbox pages: polls the cheap
 * /admin/inbox/live signature (works across app processes; state is in PostgreSQL) and refreshes
 * the server-rendered page when it changes, announcing new messages to screen readers.
 */
export function LiveUpdates({ initialUnread, labels }: { initialUnread: number; labels: { badge: string; nav: string; announce: string } }) {
  const router = useRouter();
  const pathname = usePathname();
  const [unread, setUnread] = useState(initialUnread);
  const [announcement, setAnnouncement] = useState('');
  const signature = useRef<string | null>(null);

  useEffect(() => {
    const match = /^\/admin\/inbox\/(\d+)/.exec(pathname ?? '');
    const onInbox = (pathname ?? '').startsWith('/admin/inbox');
    signature.current = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      if (stopped) return;
      if (document.visibilityState === 'visible') {
        try {
          const response = await fetch(`/admin/inbox/live${match ? `?c=${match[1]}` : ''}`, { cache: 'no-store' });
          if (response.ok) {
            const body = (await response.json()) as { signature: string; unread: number };
            setUnread(body.unread);
            if (signature.current !== null && body.signature !== signature.current && onInbox) {
              setAnnouncement(`${labels.announce} ${new Date().toLocaleTimeString()}`);
              router.refresh();
            }
            signature.current = body.signature;
          }
        } catch {
          /* offline for a moment: try again on the next tick */
        }
      }
      timer = setTimeout(poll, POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [pathname, router, labels.announce]);

  return (
    <>
      <Link href="/admin/inbox" className="inline-flex min-h-11 items-center gap-2 rounded-lg px-2 font-semibold text-brand-700 hover:bg-brand-50">
        {labels.nav}
        {unread > 0 ? (
          <span className="rounded-full bg-gov-red px-2 py-0.5 text-xs font-bold text-white" aria-label={labels.badge.replace('{n}', String(unread))}>
            {unread}
          </span>
        ) : null}
      </Link>
      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>
    </>
  );
}
