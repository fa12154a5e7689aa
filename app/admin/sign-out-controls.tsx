'use client';

import { signOut } from 'next-auth/react';
import { useTransition } from 'react';
import { signOutEverywhere } from './sign-out-actions';

const BUTTON = 'inline-flex min-h-11 items-center rounded px-3 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60';

/**
 * Sign out ends this session on the server (next-auth's sign-out event, lib/auth/next-auth.ts);
 * sign out everywhere ends them all first, then clears this browser's cookie the same way.
 */
export function SignOutControls({ labels }: { labels: { signOut: string; everywhere: string } }) {
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex gap-2">
      <button type="button" disabled={pending} onClick={() => signOut({ callbackUrl: '/login' })} className={BUTTON}>
        {labels.signOut}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            await signOutEverywhere();
            await signOut({ callbackUrl: '/login' });
          })
        }
        className={BUTTON}
      >
        {labels.everywhere}
      </button>
    </span>
  );
}
