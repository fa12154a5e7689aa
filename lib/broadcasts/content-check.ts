import { bodyBlocks, inlineParts, plainText, type BroadcastContent } from './content';

/**
 * The content check a broadcast gets before anyone approves it (docs/broadcasts.md "Content check"):
 * pure functions over the content, the account's wording list and its allowed link hosts, so the
 * composer, the broadcast page and the review all show the same list. Each problem says where it
 * is (article, field, paragraph) and carries what the page needs to say what to do.
 */

export interface WordingEntry {
  word: string;
  suggestion: string | null;
  note?: string | null;
}

export interface CheckOptions {
  wording: readonly WordingEntry[];
  /** Hosts links may point to besides the directory (accounts.allowed_link_domains); subdomains included. */
  allowedDomains: readonly string[];
  /** The directory's own host: always allowed (its event pages). */
  ownHost: string;
  /** For the birth-date plausibility of ID numbers; defaults to now. */
  today?: Date;
}

export type Field = 'text' | 'title' | 'author' | 'digest' | 'body' | 'link' | 'cover' | 'image';
export interface Where {
  /** 1-based article of a news broadcast. */
  article?: number;
  field: Field;
  /** 1-based line of the text or the article body. */
  paragraph?: number;
}

export type Problem =
  | { kind: 'wording'; where: Where; word: string; suggestion: string | null; note: string | null }
  | { kind: 'id_number'; where: Where; excerpt: string }
  | { kind: 'mobile'; where: Where; excerpt: string }
  | { kind: 'link_not_https'; where: Where; url: string }
  | { kind: 'link_domain'; where: Where; url: string; host: string }
  | { kind: 'image_alt'; where: Where; url: string }
  | { kind: 'long_paragraph'; where: Where; length: number; limit: number };

/**
 * Longest paragraph that reads well on a phone, in characters. A 390 px wide phone shows about 21
 * Chinese characters a line at WeChat's 17 px article font; 200 characters is about ten lines,
 * half a screen — past that a reader loses the thread, and the editor should split it.
 */
export const LONG_PARAGRAPH = 200;

export function checkContent(value: BroadcastContent, options: CheckOptions): Problem[] {
  const problems: Problem[] = [];
  const ctx = { options, problems, today: options.today ?? new Date() };
  if (value.msgType === 'text') {
    value.content.text
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .forEach((line, i) => checkParagraph(ctx, line, { field: 'text', paragraph: i + 1 }));
  } else if (value.msgType === 'image') {
    checkWords(ctx, value.content.alt, { field: 'image' });
    if (!value.content.alt.trim()) problems.push({ kind: 'image_alt', where: { field: 'image' }, url: value.content.imageUrl });
  } else {
    value.content.articles.forEach((a, i) => {
      const article = i + 1;
      for (const field of ['title', 'author', 'digest'] as const) checkWords(ctx, a[field], { article, field });
      checkNumbers(ctx, a.title, { article, field: 'title' });
      checkNumbers(ctx, a.digest, { article, field: 'digest' });
      checkWords(ctx, a.coverAlt, { article, field: 'cover' });
      if (!a.coverAlt.trim()) problems.push({ kind: 'image_alt', where: { article, field: 'cover' }, url: a.coverUrl });
      for (const block of bodyBlocks(a.body)) {
        const where = { article, field: 'body' as const, paragraph: block.index };
        if (block.type === 'image') {
          checkWords(ctx, block.alt, where);
          if (!block.alt) problems.push({ kind: 'image_alt', where, url: block.url });
        } else {
          checkParagraph(ctx, block.text, where);
        }
      }
      if (a.link) checkLink(ctx, a.link, { article, field: 'link' });
    });
  }
  return problems;
}

type Ctx = { options: CheckOptions; problems: Problem[]; today: Date };

function checkParagraph(ctx: Ctx, text: string, where: Where) {
  const words = plainText(text);
  checkWords(ctx, words, where);
  checkNumbers(ctx, words, where);
  for (const part of inlineParts(text)) if (part.type === 'link') checkLink(ctx, part.href, where);
  const length = [...words].length;
  if (length > LONG_PARAGRAPH) ctx.problems.push({ kind: 'long_paragraph', where, length, limit: LONG_PARAGRAPH });
}

/** Each listed word once per place, case-insensitively (the list is stored as typed). */
function checkWords(ctx: Ctx, text: string, where: Where) {
  if (!text) return;
  const lower = text.toLowerCase();
  for (const entry of ctx.options.wording) {
    const word = entry.word.trim();
    if (word && lower.includes(word.toLowerCase())) ctx.problems.push({ kind: 'wording', where, word, suggestion: entry.suggestion, note: entry.note ?? null });
  }
}

function checkNumbers(ctx: Ctx, text: string, where: Where) {
  for (const id of findIdNumbers(text, ctx.today)) ctx.problems.push({ kind: 'id_number', where, excerpt: mask(id, 4, 4) });
  for (const mobile of findMobileNumbers(text)) ctx.problems.push({ kind: 'mobile', where, excerpt: mask(mobile.replace(/[ -]/g, ''), 3, 4) });
}

function checkLink(ctx: Ctx, url: string, where: Where) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    ctx.problems.push({ kind: 'link_not_https', where, url });
    return;
  }
  if (parsed.protocol !== 'https:') {
    ctx.problems.push({ kind: 'link_not_https', where, url });
    return;
  }
  if (!isAllowedHost(parsed.hostname, ctx.options)) ctx.problems.push({ kind: 'link_domain', where, url, host: parsed.hostname });
}

/** The directory's host, or a listed host or one of its subdomains (`gd.gov.cn` allows `www.gd.gov.cn`). */
export function isAllowedHost(host: string, options: Pick<CheckOptions, 'allowedDomains' | 'ownHost'>): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const allowed = [options.ownHost, ...options.allowedDomains].map((d) => d.trim().toLowerCase().replace(/^\*\./, '')).filter(Boolean);
  return allowed.some((d) => h === d || h.endsWith(`.${d}`));
}

// ── numbers ──────────────────────────────────────────────────────────────────────────────

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Province codes of GB/T 2260 that resident ID numbers start with (91: issued abroad). */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91]);

/** The GB 11643 check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * An 18-character resident ID number: a province code, a real birth date not in the future and
 * not before 1900, and a valid check character. Anything else of that length (an order number,
 * a date followed by digits) is not one.
 */
export function isResidentId(candidate: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dXx]$/.test(candidate)) return false;
  if (!PROVINCES.has(Number(candidate.slice(0, 2)))) return false;
  const y = Number(candidate.slice(6, 10));
  const m = Number(candidate.slice(10, 12));
  const d = Number(candidate.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  if (birth.getTime() > today.getTime()) return false;
  return idCheckDigit(candidate.slice(0, 17)) === candidate[17]!.toUpperCase();
}

// Exactly 18 characters: no digit or letter right before or after, so longer runs are not cut up.
const ID_CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

export function findIdNumbers(text: string, today: Date = new Date()): string[] {
  return [...text.matchAll(ID_CANDIDATE)].map((m) => m[0]).filter((c) => isResidentId(c, today));
}

/**
 * Mainland mobile numbers: 1, then 3–9, then nine digits, written together or as 3-4-4 with
 * spaces or dashes. A digit (or a dash and a digit) on either side means it is part of a longer
 * number — an order number, an ID — and is left alone.
 */
const MOBILE = /(?<!\d)(?<!\d-)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)(?!-\d)/g;

export function findMobileNumbers(text: string): string[] {
  return [...text.matchAll(MOBILE)].map((m) => m[0]).filter((m) => /^\d{11}$/.test(m) || /^\d{3}([ -])\d{4}\1\d{4}$/.test(m));
}

function mask(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return value;
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(-tail);
}
