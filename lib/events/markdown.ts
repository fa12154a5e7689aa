/**
 * Event bodies are plain text with a small Markdown subset — paragraphs, `- ` and `1. ` lists,
 * **bold** and [links](https://…) — parsed here into a tree the page renders as React elements.
 * There is no raw-HTML path at all (no dangerouslySetInnerHTML), so a body cannot inject markup
 * (docs/reliability.md G4); links are kept only when they are http(s). Phone numbers in the text
 * become `tel:` links, so a citizen on a phone can call the organiser with one tap
 * (docs/events.md, "Body format").
 */
export type Inline =
  | { type: 'text'; text: string }
  | { type: 'bold'; text: string }
  | { type: 'link'; text: string; href: string }
  | { type: 'phone'; text: string; href: string };
export type Block =
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'list'; items: Inline[][] }
  | { type: 'ordered'; start: number; items: Inline[][] };

const INLINE = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

/**
 * Chinese phone numbers as organisers write them: a mobile (138 0013 8000, 13800138000), a
 * landline with its area code (0760-88888888, (0760) 8888 8888) or a 400/800 service line.
 * Digits or letters on either side mean it is part of something else (an order number), so it
 * stays text. Short hotlines (110, 12345) are not matched: "限 110 人" would become a call.
 */
const PHONE = /(?<!\w)(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|(?:\(0\d{2,3}\)|0\d{2,3})[ -]?\d{3,4}[ -]?\d{4}|[48]00[ -]?\d{3}[ -]?\d{4})(?!\w)/g;

/** Text with its phone numbers as `tel:` links (also used for the event's contact line). */
export function linkPhones(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(PHONE)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    out.push({ type: 'phone', text: m[0], href: `tel:${m[0].replace(/[^\d]/g, '')}` });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(...linkPhones(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push({ type: 'bold', text: m[1] });
    else if (/^https?:\/\//i.test(m[3]!)) out.push({ type: 'link', text: m[2]!, href: m[3]! });
    else out.push({ type: 'text', text: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(...linkPhones(text.slice(last)));
  return out;
}

// `- `, `* ` or `• ` for a bullet; `1. `, `1) ` or the Chinese `1、` for a numbered item.
const BULLET = /^\s*[-*•]\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})(?:[.)]\s+|、\s*)(.*)$/;
// An indented line right under an item continues that item (a second line of its text).
const CONTINUATION = /^(?: {2,}|\t)\s*(\S.*)$/;

/**
 * Splits the body into blocks line by line: consecutive list lines form one list, any other
 * lines a paragraph (a blank line ends it). Editors write "活动安排：" and the list right under
 * it without a blank line, so a list needs no blank line around it; a blank line between two
 * items keeps them in one list, as Markdown does.
 */
export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let blank = false;
  const flush = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', inlines: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const continuation = bullet || numbered ? null : CONTINUATION.exec(line);
    const last = paragraph.length === 0 ? blocks.at(-1) : undefined;
    if (bullet) {
      flush();
      if (last?.type === 'list') last.items.push(parseInline(bullet[1]!));
      else blocks.push({ type: 'list', items: [parseInline(bullet[1]!)] });
    } else if (numbered) {
      flush();
      if (last?.type === 'ordered') last.items.push(parseInline(numbered[2]!));
      else blocks.push({ type: 'ordered', start: Number(numbered[1]), items: [parseInline(numbered[2]!)] });
    } else if (continuation && (last?.type === 'list' || last?.type === 'ordered') && !blank) {
      last.items.at(-1)!.push({ type: 'text', text: '\n' }, ...parseInline(continuation[1]!));
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
    blank = line.trim() === '';
  }
  flush();
  return blocks;
}
