/**
 * Personal numbers in what citizens write (docs/citizen-service.md "Personal data"): resident ID
 * numbers (GB 11643-1999, with their check digit and a birth date that can be real), mobile
 * numbers and bank card numbers (Luhn). Only a number that passes its own check counts, so an
 * order number, a date or a mistyped ID is left as it was written.
 */
export type PiiKind = 'resident_id' | 'mobile' | 'bank_card';

export interface PiiMatch {
  kind: PiiKind;
  /** Offsets in the text, end exclusive; separators inside a grouped number are included. */
  start: number;
  end: number;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * Whether the 18 characters could be a real resident ID: a province code (11–82), a birth date
 * that exists, from 1900 to today, and the right check character.
 */
export function isResidentId(value: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(value) || !looksLikeResidentId(value, today)) return false;
  return residentIdCheck(value.slice(0, 17)) === value[17]!.toUpperCase();
}

/** Region and birth date plausible, whatever the check character says. */
function looksLikeResidentId(value: string, today: Date): boolean {
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  return birth.getTime() <= today.getTime();
}

/** The Luhn (mod 10) check bank cards carry (ISO/IEC 7812). */
export function isLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/**
 * Candidates, most specific first: a mobile written 3-4-4, a card written in groups of four, then
 * a bare run of 11–19 digits (an ID's last character may be X). Lookarounds keep a number that
 * sits inside a longer digit run (an order or tracking number) from matching a part of it.
 */
const CANDIDATE = new RegExp(
  [
    String.raw`(?<!\d)1[3-9]\d([ -])\d{4}\1\d{4}(?![\d])`,
    String.raw`(?<!\d)\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?(?![\d])`,
    String.raw`(?<!\d)\d{17}[Xx](?![\dA-Za-z])`,
    String.raw`(?<!\d)\d{11,19}(?!\d)`,
  ].join('|'),
  'g',
);

function classify(digits: string, today: Date): PiiKind | null {
  if (digits.length === 18) {
    if (isResidentId(digits, today)) return 'resident_id';
    // Shaped like an ID (region, birth date) but the check fails: a mistyped ID or a look-alike,
    // not a bank card that happens to pass Luhn.
    if (looksLikeResidentId(digits, today) || /[Xx]$/.test(digits)) return null;
  }
  if (digits.length === 11 && /^1[3-9]/.test(digits)) return 'mobile';
  if (digits.length >= 13 && digits.length <= 19 && isLuhn(digits)) return 'bank_card';
  return null;
}

export function findPii(text: string, today: Date = new Date()): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const kind = classify(m[0].replace(/[ -]/g, ''), today);
    if (kind) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function hasPii(text: string | null | undefined): boolean {
  return !!text && findPii(text).length > 0;
}

/** `440***********1234`: the first three and last four digits stay, separators stay where they were. */
function maskNumber(written: string): string {
  const total = written.replace(/[ -]/g, '').length;
  let seen = 0;
  return written.replace(/[\dXx]/g, (ch) => {
    seen++;
    return seen <= 3 || seen > total - 4 ? ch : '*';
  });
}

/** The text with every personal number masked; anything else unchanged. */
export function maskPii(text: string, today: Date = new Date()): string {
  const found = findPii(text, today);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of found) {
    out += text.slice(at, m.start) + maskNumber(text.slice(m.start, m.end));
    at = m.end;
  }
  return out + text.slice(at);
}
