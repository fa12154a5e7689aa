import { randomInt } from 'node:crypto';
import { shanghaiDay } from '../time/shanghai';

/**
 * Case numbers (docs/citizen-service.md, "Case numbers"): `ZS-261201-4F7K` — the account's
 * prefix, the Shanghai date the inquiry came in, four characters drawn with the system's
 * cryptographic generator. There is no counter anywhere, so a number says nothing about how
 * many inquiries an account (or any other) had, and the next one cannot be guessed; uniqueness
 * is the database's (conversations_case_number_key on account and number), and a clash is
 * retried with a fresh draw (lib/inbox/store-inquiry.ts).
 */

/** No 0/O, 1/I/L, 2/Z, 5/S, 8/B: what a citizen reads aloud or copies by hand stays unambiguous. */
export const CASE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const CASE_RANDOM_LENGTH = 4;

/** `ZS` for an explicit prefix; else from the slug: the initials of its parts (`zhongshan-youth` → `ZY`). */
export function casePrefixOf(account: { slug: string; casePrefix?: string | null }): string {
  const own = account.casePrefix?.trim().toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (own) return own.slice(0, 6);
  const parts = account.slug.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const initials = parts.map((p) => p[0]).join('');
  return (initials.length >= 2 ? initials : (parts[0] ?? 'WG').slice(0, 2)).slice(0, 4) || 'WG';
}

export function newCaseNumber(prefix: string, at: Date): string {
  const date = shanghaiDay(at).slice(2).replaceAll('-', '');
  return `${prefix}-${date}-${randomPart()}`;
}

const RANDOM_SPACE = CASE_ALPHABET.length ** CASE_RANDOM_LENGTH;

/** One uniform draw over all 25⁴ combinations (one call into the CSPRNG, not four), as base-25 digits. */
function randomPart(): string {
  let n = randomInt(RANDOM_SPACE);
  let out = '';
  for (let i = 0; i < CASE_RANDOM_LENGTH; i++) {
    out += CASE_ALPHABET[n % CASE_ALPHABET.length];
    n = Math.floor(n / CASE_ALPHABET.length);
  }
  return out;
}

/** What a citizen typed, normalised: upper case, full-width letters and dashes folded. */
export function normalizeCaseNumber(text: string): string | null {
  const folded = text
    .normalize('NFKC')
    .trim()
    .toUpperCase()
    .replace(/[‐-―−ー]/g, '-');
  return /^[A-Z0-9]{1,6}-\d{6}-[A-Z0-9]{4}$/.test(folded) ? folded : null;
}

/** The same prefix and date with a fresh random part: what a clash on the unique index retries with. */
export function redrawCaseNumber(caseNumber: string): string {
  return `${caseNumber.slice(0, caseNumber.length - CASE_RANDOM_LENGTH)}${randomPart()}`;
}
