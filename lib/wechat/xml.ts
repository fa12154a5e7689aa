import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WebhookError } from './errors';

export type XmlValue = string | { [k: string]: XmlValue } | XmlValue[];

// A plain byte scan, not a parser feature: it runs before any parsing, cannot be switched off
// by a parser upgrade, and also catches entity tricks (XXE, billion laughs) that a parser
// might half-process. It deliberately also matches inside CDATA: skipping CDATA would need a
// second XML tokenizer whose view could differ from the parser's (RELIABILITY B1–B3).
const DOCTYPE_OR_ENTITY = /<!(?:DOCTYPE|ENTITY)/i;

export function assertNoDoctype(raw: string): void {
  if (DOCTYPE_OR_ENTITY.test(raw)) throw new WebhookError('doctype_not_allowed');
}

const parser = new XMLParser({
  // Everything stays a string: MsgId is a 64-bit integer beyond Number.MAX_SAFE_INTEGER, and
  // "0012"-style values must not be rewritten.
  parseTagValue: false,
  ignoreAttributes: true,
  processEntities: true, // only the five XML entities can occur, DOCTYPE having been refused
  htmlEntities: false,
  trimValues: false, // CDATA content is the citizen's text, kept byte for byte
  maxNestedTags: 32, // real pushes nest 3 deep (ArticleUrlResult/ResultList/item)
});

// fast-xml-parser refuses these too; checking ourselves keeps the guarantee if its defaults
// change (RELIABILITY B12).
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const TEXT_NODE = '#text';

function normalise(value: unknown): XmlValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: { [k: string]: XmlValue } = {};
    for (const [name, child] of Object.entries(value)) {
      if (FORBIDDEN_NAMES.has(name)) throw new WebhookError('malformed_xml');
      // Processing instructions inside <xml> never occur in a real push.
      if (name.startsWith('?')) throw new WebhookError('malformed_xml');
      // The line breaks between elements (trimValues: false) are formatting, not data.
      if (name === TEXT_NODE && typeof child === 'string' && child.trim() === '') continue;
      out[name] = normalise(child);
    }
    return out;
  }
  // parseTagValue:false yields only strings, objects and arrays; anything else is a surprise.
  throw new WebhookError('malformed_xml');
}

/**
 * Parses a WeChat push: exactly one <xml> root whose children are the fields. Rejects what the
 * lenient parser would otherwise accept (unclosed tags, two roots, trailing garbage) by running
 * the validator first, and refuses a field given twice because the parser would silently turn
 * it into an array (`<MsgId>1</MsgId><MsgId>2</MsgId>` → type confusion downstream).
 */
export function parseXmlFields(raw: string): Record<string, XmlValue> {
  assertNoDoctype(raw);
  if (XMLValidator.validate(raw) !== true) throw new WebhookError('malformed_xml');

  let parsed: unknown;
  try {
    parsed = parser.parse(raw);
  } catch {
    throw new WebhookError('malformed_xml');
  }
  if (parsed === null || typeof parsed !== 'object') throw new WebhookError('malformed_xml');

  const roots = Object.keys(parsed).filter((name) => name !== '?xml'); // <?xml ...?> prolog
  const root = roots.length === 1 && roots[0] === 'xml' ? (parsed as { xml: unknown }).xml : undefined;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new WebhookError('malformed_xml'); // no <xml>, two of them, or <xml>text</xml>
  }

  const fields = normalise(root);
  if (typeof fields !== 'object' || Array.isArray(fields)) throw new WebhookError('malformed_xml');
  if (TEXT_NODE in fields) throw new WebhookError('malformed_xml'); // stray text beside the fields
  if (Object.keys(fields).length === 0) throw new WebhookError('malformed_xml');
  for (const value of Object.values(fields)) {
    if (Array.isArray(value)) throw new WebhookError('duplicate_field');
  }
  return fields;
}

/** CDATA cannot contain `]]>`; split it across two sections (PROTOCOL.md §4.2). */
export function escapeCdata(text: string): string {
  return text.split(']]>').join(']]]]><![CDATA[>');
}

export function cdata(text: string): string {
  return `<![CDATA[${escapeCdata(text)}]]>`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * PostgreSQL rejects NUL in text and jsonb (SQLSTATE 22021). A citizen message with a NUL would
 * fail on every WeChat retry and be lost, so NUL is dropped and lone surrogates (not encodable
 * as UTF-8) become U+FFFD before anything is stored (RELIABILITY §2.2, B13).
 */
export function sanitizeText(s: string): string {
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}
