/**
 * The answer of an "invite" form (members page, platform users page): field errors with what
 * was typed, or — once — the new link. The link is the one secret staff are meant to see: it
 * goes to the inviter's browser in this answer and nowhere else (never stored, logged or audited).
 */
export interface InviteState {
  ok?: boolean;
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What was typed, given back on an error so nothing is lost. */
  values?: { email?: string; role?: string; validDays?: string };
  link?: string;
  email?: string;
  /** The expiry, already formatted in the reader's language and Beijing time. */
  until?: string;
  at?: number;
}
