'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: '/login' })} className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50">
      {label}
    </button>
  );
}
