'use client';

import { signIn } from 'next-auth/react';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { loginErrorText } from '@/lib/auth/login-error';
import { safeCallbackPath } from '@/lib/auth/safe-callback';

type Labels = { email: string; password: string; submit: string; pending: string; invalid: string; throttled: string; attemptsLeft: string; attemptsNone: string };

export function LoginForm({ callbackUrl, initialError, labels }: { callbackUrl: string; initialError: string | null; labels: Labels }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        // One full navigation, not the client router: a soft navigation could replay the
        // router's cached "/admin → /login" redirect from before sign-in and loop (issue 10
        // item 0). The path is checked again here against the page's own origin (E7).
        window.location.replace(safeCallbackPath(callbackUrl, window.location.origin));
        return;
      }
      setError(loginErrorText(result?.error, labels));
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="email" className="block font-medium">
          {labels.email}
        </label>
        {/* The only thing to do on this page is to sign in, so the first field has focus. */}
        <Input id="email" name="email" type="email" autoComplete="username" autoFocus required aria-describedby="login-error" className="mt-1" />
      </div>
      <div>
        <label htmlFor="password" className="block font-medium">
          {labels.password}
        </label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required aria-describedby="login-error" className="mt-1" />
      </div>
      <p id="login-error" aria-live="polite" className="min-h-6 text-red-700">
        {error}
      </p>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  );
}

