/**
 * The sign-in error that carries how many attempts remain before a cool-down (`AttemptsLeft:2`):
 * thrown by the credentials provider (lib/auth/next-auth.ts), which next-auth hands to the form
 * as `error`, and read back by the login form. No server imports: the form runs in the browser.
 */
export const ATTEMPTS_LEFT_ERROR = 'AttemptsLeft:';

export function attemptsLeftError(left: number): string {
  return `${ATTEMPTS_LEFT_ERROR}${left}`;
}

/** The count in such an error, or null for any other error. */
export function attemptsLeftOf(error: string | null | undefined): number | null {
  const match = /^AttemptsLeft:(\d{1,3})$/.exec(error ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The error line for a failed sign-in. Near a cool-down it says how many tries remain; the
 * figure counts this email from this address whether or not an account has it, so it tells
 * nothing about which emails exist (lib/auth/authenticate.ts).
 */
export function loginErrorText(error: string | null | undefined, copy: { invalid: string; throttled: string; attemptsLeft: string; attemptsNone: string }): string {
  if (error === 'Throttled') return copy.throttled;
  const left = attemptsLeftOf(error);
  if (left === null) return copy.invalid;
  return left > 0 ? copy.attemptsLeft.replace('{n}', String(left)) : copy.attemptsNone;
}
