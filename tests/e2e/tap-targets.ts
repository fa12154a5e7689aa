import type { Page } from 'playwright-core';

/** What a phone user taps: links, buttons, form fields and anything acting as a button. */
const TARGETS = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"]';

export interface SmallTapTarget {
  /** Tag, then the visible text or accessible label, to find it in a failure message. */
  target: string;
  width: number;
  height: number;
}

/**
 * Every visible tap target under `root` (default `body`) whose tappable box is smaller than
 * `min` × `min` CSS px (default 44, WCAG 2.5.5 and docs/directory.md; pass 48 for 长辈模式).
 * `exclude` skips targets inside the subtrees it selects (a part another test measures).
 *
 * The tappable box is the element's own box, grown by what also taps it:
 * - a "stretched link" — an `::after` positioned absolutely over its positioned ancestor (the
 *   pattern of whole-card links) — counts as that ancestor's box;
 * - a checkbox or radio counts together with its labels.
 * Invisible elements (display none, visibility hidden, zero-size, or the 1 px `sr-only` clip
 * that only screen readers reach) are skipped. Call after the page has settled.
 */
export async function smallTapTargets(page: Page, options: { root?: string; min?: number; exclude?: string } = {}): Promise<SmallTapTarget[]> {
  return page.evaluate(
    ({ selector, root, min, exclude }) => {
      type Box = { left: number; top: number; right: number; bottom: number };
      const union = (a: Box, b: Box): Box => ({
        left: Math.min(a.left, b.left),
        top: Math.min(a.top, b.top),
        right: Math.max(a.right, b.right),
        bottom: Math.max(a.bottom, b.bottom),
      });
      const boxOf = (el: Element): Box => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const out: Array<{ target: string; width: number; height: number }> = [];
      for (const scope of Array.from(document.querySelectorAll(root))) {
        for (const el of Array.from(scope.querySelectorAll<HTMLElement>(selector))) {
          const own = el.getBoundingClientRect();
          if (own.width <= 1 || own.height <= 1) continue;
          if (exclude && el.closest(exclude)) continue;
          if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
          let box = boxOf(el);
          const after = getComputedStyle(el, '::after');
          if (after.content !== 'none' && after.position === 'absolute' && el.offsetParent) box = union(box, boxOf(el.offsetParent));
          if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
            for (const label of Array.from(el.labels ?? [])) box = union(box, boxOf(label));
          }
          const width = Math.round((box.right - box.left) * 10) / 10;
          const height = Math.round((box.bottom - box.top) * 10) / 10;
          if (width >= min && height >= min) continue;
          const name = (el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
          out.push({ target: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`, width, height });
        }
      }
      return out;
    },
    { selector: TARGETS, root: options.root ?? 'body', min: options.min ?? 44, exclude: options.exclude ?? '' },
  );
}
