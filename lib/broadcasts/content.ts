import { z } from 'zod';

/**
 * What a broadcast says, as stored in `broadcasts.content` (docs/broadcasts.md "Compose"). One
 * shape per `msg_type`; the sender maps it to WeChat's mass-send formats (text → `text.content`,
 * image → an uploaded `media_id`, news → `draft/add` articles), so nothing here is WeChat's own
 * wire format.
 *
 * - text:  `{ text }`
 * - image: `{ imageUrl, alt }` — an https address of the picture; the sender uploads it and gets the
 *          media id. We keep the address rather than a media id because a media id is only usable
 *          for three days and is not viewable in the preview; `mediaId` is where the sender may keep
 *          the one it obtained.
 * - news:  `{ articles: [{ title, author, digest, coverUrl, coverAlt, body, link }] }`, 1 to 8.
 *
 * An article's body is plain text, one paragraph per line; a line that is only `![description](https://…)`
 * is a picture, and `[words](https://…)` inside a line is a link. No HTML is ever stored or
 * rendered from it (docs/reliability.md G4).
 */
export const MSG_TYPES = ['text', 'image', 'news'] as const;
export type MsgType = (typeof MSG_TYPES)[number];

/** WeChat's own limits for a mass text and a news article (docs/wechat-protocol.md). */
export const LIMITS = { text: 2000, title: 64, author: 16, digest: 120, body: 20_000, articles: 8, url: 500, alt: 120 } as const;

const httpUrl = z
  .string()
  .trim()
  .max(LIMITS.url)
  .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v) && URL.canParse(v), { message: 'url' });
// Links may be http for now: the content check flags them (an author sees why) instead of refusing.
const optionalUrl = z.union([z.literal(''), z.null(), httpUrl]).optional().transform((v) => v || null);
const picture = z
  .string()
  .trim()
  .max(LIMITS.url)
  .refine((v) => /^https:\/\//i.test(v) && URL.canParse(v), { message: 'https' });

export const TextContent = z.strictObject({ text: z.string().trim().min(1).max(LIMITS.text) });
export const ImageContent = z.strictObject({
  imageUrl: picture,
  alt: z.string().trim().max(LIMITS.alt).default(''),
  mediaId: z.string().max(200).optional(),
});
export const Article = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.title),
  author: z.string().trim().max(LIMITS.author).default(''),
  digest: z.string().trim().max(LIMITS.digest).default(''),
  coverUrl: picture,
  coverAlt: z.string().trim().max(LIMITS.alt).default(''),
  body: z.string().trim().min(1).max(LIMITS.body),
  link: optionalUrl,
});
export const NewsContent = z.strictObject({ articles: z.array(Article).min(1).max(LIMITS.articles) });

export type TextContent = z.infer<typeof TextContent>;
export type ImageContent = z.infer<typeof ImageContent>;
export type Article = z.infer<typeof Article>;
export type NewsContent = z.infer<typeof NewsContent>;

/** A blank article for the composer's "add an article". */
export const EMPTY_ARTICLE: Article = { title: '', author: '', digest: '', coverUrl: '', coverAlt: '', body: '', link: null };

export type BroadcastContent = { msgType: 'text'; content: TextContent } | { msgType: 'image'; content: ImageContent } | { msgType: 'news'; content: NewsContent };

export const CONTENT_SCHEMAS = { text: TextContent, image: ImageContent, news: NewsContent } as const;

export function isMsgType(value: unknown): value is MsgType {
  return typeof value === 'string' && (MSG_TYPES as readonly string[]).includes(value);
}

/** A stored row's content, read back through its schema; null when it does not fit (an older or foreign shape). */
export function readContent(msgType: string, content: unknown): BroadcastContent | null {
  if (!isMsgType(msgType)) return null;
  const parsed = CONTENT_SCHEMAS[msgType].safeParse(content);
  return parsed.success ? ({ msgType, content: parsed.data } as BroadcastContent) : null;
}

export type BodyBlock = { type: 'paragraph'; index: number; text: string } | { type: 'image'; index: number; alt: string; url: string };

const IMAGE_LINE = /^!\[([^\]]*)\]\((\S+)\)$/;

/** An article body as the phone shows it: one block per non-empty line, numbered from 1 in reading order. */
export function bodyBlocks(body: string): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const image = IMAGE_LINE.exec(line);
    const index = blocks.length + 1;
    blocks.push(image ? { type: 'image', index, alt: image[1]!.trim(), url: image[2]! } : { type: 'paragraph', index, text: line });
  }
  return blocks;
}

export type InlinePart = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

const INLINE_LINK = /\[([^\]]+)\]\((\S+?)\)|\bhttps?:\/\/[^\s<>"'）)，。、；]+/gi;

/** A paragraph's text and links (`[words](url)` or a bare address). */
export function inlineParts(text: string): InlinePart[] {
  const out: InlinePart[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE_LINK)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ type: 'link', text: m[1], href: m[2]! });
    else out.push({ type: 'link', text: m[0], href: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** The paragraph's words without link addresses, for the wording and number checks. */
export function plainText(text: string): string {
  return inlineParts(text)
    .map((p) => (p.type === 'text' ? p.text : p.text === p.href ? ' ' : p.text))
    .join('');
}
