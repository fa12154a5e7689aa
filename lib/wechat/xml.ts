import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WebhookError } from './errors';

export type XmlValue = string | { [k: string]: XmlValue } | XmlValue[];

// A plain byte scan, not a parser feature: it runs before any parsing, cannot be switched off
// by a parser upgrade, and also catches entity tricks (XXE, billion laughs) that a parser
// might half-process. It deliberately also matches inside CDATA: skipping CDATA would need a
// second XML tokenizer whose view could differ from the parser's (docs/reliability.md B1–B3).
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
// change (docs/reliability.md B12).
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
 *
 * Nearly every real push is a flat list of `<Name><![CDATA[…]]></Name>` or `<Name>digits</Name>`;
 * those are read by a plain scan ({@link scanFlatPush}), and everything else goes through the
 * validator and the parser. Validating and parsing cost more CPU per push than storing it.
 */
export function parseXmlFields(raw: string): Record<string, XmlValue> {
  assertNoDoctype(raw);
  return scanFlatPush(raw) ?? parseXmlFieldsFully(raw);
}

const XML_SPACE = new Set([' ', '\t', '\r', '\n']);
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function skipSpace(raw: string, at: number): number {
  while (at < raw.length && XML_SPACE.has(raw[at]!)) at += 1;
  return at;
}

/**
 * Reads `<xml>` + flat fields + `</xml>`, each field one CDATA section or plain text without
 * `<`, `&` or `]]>`, and nothing else around them but whitespace. Returns null for anything
 * outside that shape (a prolog, attributes, nesting, entities, two CDATA sections, a repeated
 * or odd name…), which then goes to the full parser. Within the shape, the result is exactly
 * what the full parser gives: tests/unit/wechat/xml.test.ts compares both on generated input.
 */
export function scanFlatPush(raw: string): Record<string, string> | null {
  let at = skipSpace(raw, 0);
  if (!raw.startsWith('<xml>', at)) return null;
  at += 5;
  const fields: Record<string, string> = {};
  let count = 0;
  for (;;) {
    at = skipSpace(raw, at);
    if (raw.startsWith('</xml>', at)) return count > 0 && skipSpace(raw, at + 6) === raw.length ? fields : null;
    if (raw[at] !== '<') return null;
    const nameEnd = raw.indexOf('>', at);
    if (nameEnd < 0) return null;
    const name = raw.slice(at + 1, nameEnd);
    if (!FIELD_NAME.test(name) || FORBIDDEN_NAMES.has(name) || Object.hasOwn(fields, name)) return null;
    at = nameEnd + 1;
    let value: string;
    if (raw.startsWith('<![CDATA[', at)) {
      const end = raw.indexOf(']]>', at + 9);
      if (end < 0) return null;
      value = raw.slice(at + 9, end);
      at = end + 3;
    } else {
      const end = raw.indexOf('<', at);
      if (end < 0) return null;
      value = raw.slice(at, end);
      if (value.includes('&') || value.includes(']]>')) return null;
      at = end;
    }
    const closing = `</${name}>`;
    if (!raw.startsWith(closing, at)) return null;
    at += closing.length;
    // XML's end-of-line handling, which the parser applies too (CDATA included).
    fields[name] = value.includes('\r') ? value.replace(/\r\n?/g, '\n') : value;
    count += 1;
  }
}

/** The validator and the parser, for any push {@link scanFlatPush} does not read. */
export function parseXmlFieldsFully(raw: string): Record<string, XmlValue> {
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

/** CDATA cannot contain `]]>`; split it across two sections (docs/wechat-protocol.md §4.2). */
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
 * as UTF-8) become U+FFFD before anything is stored (docs/reliability.md §2.2, B13).
 */
export function sanitizeText(s: string): string {
  // Almost every string is clean: one scan, and no copies, to find out.
  if (!NEEDS_SANITIZING.test(s)) return s;
  return s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

const NEEDS_SANITIZING = /[\u0000\uD800-\uDFFF]/;
