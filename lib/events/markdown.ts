/**
 * Event bodies are plain text with a small Markdown subset — paragraphs, `- ` lists, **bold**
 * and [links](https://…) — parsed here into a tree the page renders as React elements. There is
 * no raw-HTML path at all (no dangerouslySetInnerHTML), so a body cannot inject markup
 * (docs/reliability.md G4); links are kept only when they are http(s).
 */
export type Inline = { type: 'text'; text: string } | { type: 'bold'; text: string } | { type: 'link'; text: string; href: string };
export type Block = { type: 'paragraph'; inlines: Inline[] } | { type: 'list'; items: Inline[][] };

const INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ type: 'bold', text: m[1] });
    else if (/^https?:\/\//i.test(m[3]!)) out.push({ type: 'link', text: m[2]!, href: m[3]! });
    else out.push({ type: 'text', text: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
      blocks.push({ type: 'list', items: lines.map((l) => parseInline(l.replace(/^\s*[-*]\s+/, ''))) });
    } else {
      blocks.push({ type: 'paragraph', inlines: parseInline(lines.join('\n')) });
    }
  }
  return blocks;
}
