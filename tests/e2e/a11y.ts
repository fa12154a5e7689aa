import { readdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl, PHONE } from './browser';

/**
 * Shared helpers for the accessibility and keyboard suites (issue 11 item 14): which pages the
 * app has, the two viewports and the two reading modes every page is audited in, the axe audit
 * itself and keyboard-only navigation.
 */

/** The WCAG 2.1 A and AA rule sets: the level China's and most public-service rules ask for. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;

export const VIEWPORTS = { phone: PHONE, desktop: DESKTOP } as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** Older readers' mode (长辈模式) is a cookie; both modes of every page are audited. */
export const ELDER_COOKIE = 'wegov-elder';
export const MODES = { standard: false, elder: true } as const;
export type ModeName = keyof typeof MODES;

export async function setElderMode(context: BrowserContext, on: boolean): Promise<void> {
  if (!on) return;
  await context.addCookies([{ name: ELDER_COOKIE, value: '1', url: baseUrl() }]);
}

/**
 * Every route the app/ folder declares, as a pattern: `app/(public)/events/[id]/page.tsx` →
 * `/events/[id]`. Route groups `(…)` add nothing to the address; private folders `_…` are not
 * routes. A not-found page is listed as `404` (the root one) or `404 /admin` (one inside a layout).
 */
export function appRoutes(appDir = path.resolve('app')): string[] {
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith('_') || entry.name.startsWith('@')) continue;
        const grouped = /^\(.+\)$/.test(entry.name);
        walk(path.join(dir, entry.name), grouped ? segments : [...segments, entry.name]);
      } else if (/^page\.(tsx|ts|jsx|js|mdx)$/.test(entry.name)) {
        routes.push(`/${segments.join('/')}`);
      } else if (/^not-found\.(tsx|ts|jsx|js)$/.test(entry.name)) {
        routes.push(segments.length ? `404 /${segments.join('/')}` : '404');
      }
    }
  };
  walk(appDir, []);
  return routes.sort();
}

export type Finding = { rule: string; impact: string; help: string; nodes: string[] };

/** axe with the WCAG 2.1 A/AA rules; the serious and critical findings, each with its nodes. */
export async function seriousViolations(page: Page): Promise<Finding[]> {
  // A colour caught mid-transition (a button turning from disabled grey to green as the page
  // hydrates) is no colour a reader is left with: settle transitions and animations first.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' });
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}` : ''}`),
    }));
}

/** One line per finding, for an assertion message a person can act on. */
export function describeFindings(where: string, findings: Finding[]): string {
  return findings.map((f) => `${where}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.nodes.join('\n    ')}`).join('\n');
}

/** What the focused element is, as a person using a screen reader would hear it. */
export type Focused = {
  tag: string;
  role: string;
  name: string;
  href: string | null;
  /** The name of the nearest named section or region around it ('' if none). */
  region: string;
  outline: string;
  boxShadow: string;
  visible: boolean;
};

/**
 * The focused element's tag, role (explicit or the implicit one of common elements), accessible
 * name (aria-labelledby, aria-label, the associated label, alt, or its text) and focus style.
 */
export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    const tag = el.tagName.toLowerCase();
    const type = (el.getAttribute('type') ?? '').toLowerCase();
    const implicit: Record<string, string> = {
      a: el.hasAttribute('href') ? 'link' : '',
      button: 'button',
      select: 'combobox',
      textarea: 'textbox',
      summary: 'button',
      input: type === 'checkbox' ? 'checkbox' : type === 'radio' ? 'radio' : type === 'submit' || type === 'button' ? 'button' : type === 'search' ? 'searchbox' : 'textbox',
    };
    const role = el.getAttribute('role') ?? implicit[tag] ?? '';
    const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
    let name = '';
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) name = labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
    if (!name) name = el.getAttribute('aria-label') ?? '';
    if (!name && 'labels' in el) {
      const labels = (el as HTMLInputElement).labels;
      if (labels?.length) name = Array.from(labels).map((l) => text(l)).join(' ').trim();
    }
    if (!name) name = Array.from(el.querySelectorAll('img[alt]')).map((img) => img.getAttribute('alt') ?? '').join(' ').trim();
    if (!name) name = text(el);
    if (!name) name = el.getAttribute('title') ?? el.getAttribute('placeholder') ?? '';
    const section = el.closest('section[aria-labelledby], section[aria-label], [role="region"]');
    const region = section
      ? (section.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => text(document.getElementById(id))).join(' ').trim() || (section.getAttribute('aria-label') ?? '')
      : '';
    const style = getComputedStyle(el);
    const outline = style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    const rect = el.getBoundingClientRect();
    return {
      tag,
      role,
      name,
      href: el.getAttribute('href'),
      region,
      outline,
      boxShadow: style.boxShadow,
      visible: rect.width > 0 && rect.height > 0,
    };
  });
}

export function describeFocused(f: Focused | null): string {
  return f ? `${f.role || f.tag} "${f.name.slice(0, 60)}"${f.href ? ` → ${f.href}` : ''}` : '(nothing: body)';
}

/** A focus indicator a sighted keyboard user can see: an outline or a box-shadow ring. */
export function hasFocusIndicator(f: Focused): boolean {
  return f.outline !== 'none' || (f.boxShadow !== '' && f.boxShadow !== 'none');
}

export type FocusTarget = { role?: string | RegExp; name?: string | RegExp; href?: string | RegExp; region?: string | RegExp };

function matches(f: Focused | null, target: FocusTarget): boolean {
  if (!f) return false;
  const test = (want: string | RegExp | undefined, have: string | null) =>
    want === undefined || (typeof want === 'string' ? have === want || (have ?? '').includes(want) : want.test(have ?? ''));
  return test(target.role, f.role) && test(target.name, f.name) && test(target.href, f.href) && test(target.region, f.region);
}

/**
 * Presses Tab (or Shift+Tab with `backwards`) until the focused element matches `target` (role,
 * accessible name, href, the named region it is in), at most `max` times. Fails with every element it passed on the way,
 * so a missing or unreachable control says where focus went instead. Every element focus lands
 * on, on the way and at the end, must be visible and show a focus indicator (WCAG 2.4.7).
 */
export async function tabTo(page: Page, target: FocusTarget | ((f: Focused) => boolean), max = 40, opts: { backwards?: boolean } = {}): Promise<Focused> {
  const predicate = typeof target === 'function' ? target : (f: Focused) => matches(f, target);
  const visited: string[] = [];
  const unseen: string[] = [];
  const check = (f: Focused) => {
    const problem = focusProblem(f);
    if (problem) unseen.push(problem);
  };
  const done = (f: Focused) => {
    check(f);
    if (unseen.length) throw new Error(`on ${page.url()}, focus is not visible on:\n  ${unseen.join('\n  ')}`);
    return f;
  };
  const current = await focused(page);
  if (current && predicate(current)) return done(current);
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(opts.backwards ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    visited.push(describeFocused(f));
    if (f && predicate(f)) return done(f);
    if (f) check(f);
  }
  const wanted = typeof target === 'function' ? 'the wanted element' : JSON.stringify(target, (_, v: unknown) => (v instanceof RegExp ? String(v) : v));
  throw new Error(`Tab did not reach ${wanted} within ${max} presses on ${page.url()}; focus visited:\n  ${visited.join('\n  ')}`);
}

/** Why a focused element's focus cannot be seen, or null when it can. */
export function focusProblem(f: Focused): string | null {
  if (!f.visible) return `${describeFocused(f)} is not visible (zero size)`;
  if (!hasFocusIndicator(f)) return `${describeFocused(f)} shows no focus indicator (outline: ${f.outline}, box-shadow: ${f.boxShadow})`;
  return null;
}
