'use client';

import { signIn, signOut } from 'next-auth/react';
import { useRef, useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { acceptAsNewUserAction, acceptSignedInAction, type AcceptState } from './actions';

export interface AcceptCopy {
  name: string;
  nameHint: string;
  password: string;
  passwordHint: string;
  confirm: string;
  submit: string;
  accept: string;
  pending: string;
  done: string;
  doneSignIn: string;
  signInLink: string;
  /** Error codes → text (`required`, `too_short`, `mismatch`, `throttled`, `exists`, `used`…); `generic` for the rest. */
  errors: Record<string, string>;
}

/** After joining: into the workspace, by a full navigation (as the login form does), to a path on this origin only. */
function go(next: string | undefined) {
  window.location.replace(safeCallbackPath(next ?? '/admin', window.location.origin));
}

/**
 * A newcomer's form: name, password twice. What was typed stays in the fields on an error, which
 * is named at its field; on success the same email and password sign in straight away, so the
 * new member lands on their account. Should that sign-in fail, they are offered the login page.
 */
export function NewUserForm({ token, minLength, copy }: { token: string; minLength: number; copy: AcceptCopy }) {
  const [state, setState] = useState<AcceptState>({});
  const [signInFailed, setSignInFailed] = useState(false);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const errorOf = (field: string) => {
    const code = state.fieldErrors?.[field]?.[0];
    return code ? (copy.errors[code] ?? copy.errors.generic) : null;
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const answer = await acceptAsNewUserAction({}, form);
      setState(answer);
      if (!answer.ok) {
        requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
        return;
      }
      const signedIn = await signIn('credentials', { email: answer.email, password: String(form.get('password') ?? ''), redirect: false });
      if (signedIn?.ok && !signedIn.error) go(answer.next);
      else setSignInFailed(true);
    });
  }

  if (state.ok) {
    return (
      <div role="status" className="space-y-2" data-testid="invite-done">
        <p className="font-semibold">{signInFailed ? copy.doneSignIn : copy.done}</p>
        {signInFailed ? (
          <a href="/login" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {copy.signInLink}
          </a>
        ) : null}
      </div>
    );
  }
  const general = !state.ok && state.code ? (copy.errors[state.code] ?? copy.errors.generic) : '';
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field id="invite-name" label={copy.name} hint={copy.nameHint} error={errorOf('name')}>
        {(control) => <Input {...control} name="name" autoComplete="name" required maxLength={100} className="mt-1" />}
      </Field>
      <Field id="invite-password" label={copy.password} hint={copy.passwordHint} error={errorOf('password')}>
        {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required minLength={minLength} className="mt-1" />}
      </Field>
      <Field id="invite-confirm" label={copy.confirm} error={errorOf('confirmPassword')}>
        {(control) => <Input {...control} name="confirmPassword" type="password" autoComplete="new-password" required minLength={minLength} className="mt-1" />}
      </Field>
      <p aria-live="polite" className="min-h-5 text-sm font-medium text-red-700" data-testid="invite-error">
        {general}
      </p>
      <Button type="submit" disabled={pending} aria-busy={pending} className="w-full">
        {pending ? copy.pending : copy.submit}
      </Button>
    </form>
  );
}

/** Someone signed in with the invited email: one button, then into the account. */
export function AcceptSignedIn({ token, copy }: { token: string; copy: AcceptCopy }) {
  const [state, setState] = useState<AcceptState>({});
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const answer = await acceptSignedInAction({}, form);
      setState(answer);
      if (answer.ok) go(answer.next);
    });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="token" value={token} />
      <Button type="submit" disabled={pending || state.ok} aria-busy={pending} className="w-full">
        {pending ? copy.pending : copy.accept}
      </Button>
      <p aria-live="polite" className={state.ok ? 'min-h-5 text-sm font-medium text-brand-700' : 'min-h-5 text-sm font-medium text-red-700'}>
        {state.ok ? copy.done : state.code ? (copy.errors[state.code] ?? copy.errors.generic) : ''}
      </p>
    </form>
  );
}

/** Signed in as someone else: sign out, then come back to this page to sign in as the invitee. */
export function SignOutHere({ label }: { label: string }) {
  return (
    <Button type="button" variant="secondary" onClick={() => signOut({ callbackUrl: window.location.pathname })}>
      {label}
    </Button>
  );
}
