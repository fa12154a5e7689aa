import type { Page } from 'playwright-core';

/**
 * What a reader sees on a page, measured in Chromium (docs/accessibility.md, 长辈模式): every
 * visible text's size and contrast, every visible tap target's box, running motion. Plain
 * JavaScript in a string, so the page runs it untouched by the test's transpiler.
 */
const AUDIT = String.raw`(() => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  // Any CSS colour (oklch included) to sRGB through the canvas.
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return a === 0 ? [0, 0, 0, 0] : [r, g, b, a / 255];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] === 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
  const shown = (el) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    // sr-only text is 1 px and clipped: read aloud, not seen.
    return box.width > 1 && box.height > 1;
  };
  const describe = (el) => (el.tagName.toLowerCase() + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30) + '"');

  const texts = [...document.body.querySelectorAll('*')].filter((el) =>
    !el.closest('svg, option, script, style, template') && !el.closest(':disabled') && shown(el) &&
    [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== ''));
  const small = texts.filter((el) => parseFloat(getComputedStyle(el).fontSize) < 18)
    .map((el) => describe(el) + ' ' + getComputedStyle(el).fontSize);
  const lowContrast = texts.map((el) => {
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    return { el, r: ratio(fg, bg) };
  }).filter((x) => x.r < 7).map((x) => describe(x.el) + ' ' + x.r.toFixed(2));

  const targets = [...document.body.querySelectorAll('a[href], button, summary, select, textarea, [role="button"], input:not([type="hidden"])')]
    .filter(shown).map((el) => {
      // A checkbox or radio is tapped through its label.
      const box = (el.matches('input[type="checkbox"], input[type="radio"]') && el.closest('label') ? el.closest('label') : el).getBoundingClientRect();
      return { el, w: box.width, h: box.height };
    });
  const smallTargets = targets.filter((t) => t.w < 47.5 || t.h < 47.5).map((t) => describe(t.el) + ' ' + Math.round(t.w) + 'x' + Math.round(t.h));

  const moving = [...document.querySelectorAll('*')].filter((el) => {
    const s = getComputedStyle(el);
    return s.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || s.animationName !== 'none';
  }).map(describe);

  return {
    bodyFontSize: parseFloat(getComputedStyle(document.body).fontSize),
    textCount: texts.length,
    targetCount: targets.length,
    small, lowContrast, smallTargets, moving,
    animations: document.getAnimations().length,
  };
})()`;

export type PageAudit = {
  bodyFontSize: number;
  textCount: number;
  targetCount: number;
  small: string[];
  lowContrast: string[];
  smallTargets: string[];
  moving: string[];
  animations: number;
};

export function auditPage(page: Page): Promise<PageAudit> {
  return page.evaluate(AUDIT) as Promise<PageAudit>;
}

/** The tops of the visible links, buttons and menus of the site header, and the header's height. */
export async function headerLine(page: Page): Promise<{ tops: number[]; heights: number[]; headerHeight: number; labels: string[] }> {
  return page.evaluate(String.raw`(() => {
    const header = document.querySelector('body > header');
    const items = [...header.querySelectorAll('a[href], button, summary')].filter((el) => el.checkVisibility() && el.getBoundingClientRect().width > 1);
    return {
      tops: items.map((el) => el.getBoundingClientRect().top),
      heights: items.map((el) => el.getBoundingClientRect().height),
      headerHeight: header.getBoundingClientRect().height,
      labels: items.map((el) => el.textContent.trim()),
    };
  })()`);
}
