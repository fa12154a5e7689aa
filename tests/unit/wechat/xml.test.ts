import { describe, expect, it } from 'vitest';
import { assertNoDoctype, escapeCdata, parseXmlFields, parseXmlFieldsFully, sanitizeText, scanFlatPush } from '../../../lib/wechat';
import { errorCode } from './fixtures';
import { inboundCases } from './vectors';

const parse = (raw: string) => () => parseXmlFields(raw);

describe('DOCTYPE and ENTITY ban', () => {
  const bodies = [
    '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>',
    '<!doctype xml><xml><a>1</a></xml>',
    '<!DocType xml><xml><a>1</a></xml>',
    '<xml><a>1</a></xml><!ENTITY x "y">',
    '<xml><a>1</a><!entity x "y"></xml>',
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><a>&lol2;</a></xml>',
  ];

  it('rejects any DOCTYPE or ENTITY declaration, whatever its case, before parsing', () => {
    for (const body of bodies) {
      expect(errorCode(() => assertNoDoctype(body)), body).toBe('doctype_not_allowed');
      expect(errorCode(parse(body)), body).toBe('doctype_not_allowed');
    }
  });

  it('lets ordinary pushes through', () => {
    for (const c of inboundCases) {
      expect(() => assertNoDoctype(c.body)).not.toThrow();
      expect(() => assertNoDoctype(c.plaintextXml)).not.toThrow();
    }
  });
});

describe('parseXmlFields', () => {
  it('returns the fields of a real push with text exact and MsgId as a string', () => {
    const c = inboundCases.find((v) => v.id === 'in-T1-textZh');
    if (!c) throw new Error('vector missing');
    const fields = parseXmlFields(c.plaintextXml);
    expect(fields).toEqual({
      ToUserName: 'gh_7f083739789a',
      FromUserName: 'oCivicUser_8dK2mQ9xZ4pL7wN3vB6c',
      CreateTime: '1717200000',
      MsgType: 'text',
      Content: '您好，请问居住证办理需要哪些材料？',
      MsgId: '24613478659412345678',
    });
  });

  it('keeps whitespace inside CDATA and leading zeros', () => {
    expect(parseXmlFields('<xml><Content><![CDATA[  two  spaces \n]]></Content><Scene>0012</Scene></xml>')).toEqual({
      Content: '  two  spaces \n',
      Scene: '0012',
    });
  });

  it('keeps nested structures, with repeated items as arrays', () => {
    const fields = parseXmlFields(
      '<xml><MsgType>event</MsgType>\n<ArticleUrlResult>\n<Count>2</Count>\n<ResultList>\n<item><ArticleIdx>1</ArticleIdx></item>\n<item><ArticleIdx>2</ArticleIdx></item>\n</ResultList>\n</ArticleUrlResult>\n</xml>',
    );
    expect(fields['ArticleUrlResult']).toEqual({ Count: '2', ResultList: { item: [{ ArticleIdx: '1' }, { ArticleIdx: '2' }] } });
  });

  it('accepts an XML declaration before the root', () => {
    expect(parseXmlFields('<?xml version="1.0" encoding="UTF-8"?>\n<xml><a>1</a></xml>')).toEqual({ a: '1' });
  });

  it('decodes the five predefined XML entities', () => {
    expect(parseXmlFields('<xml><a>&lt;b&gt; &amp; &quot;&apos;</a></xml>')).toEqual({ a: '<b> & "\'' });
  });

  it('rejects malformed, truncated and multi-root documents', () => {
    const bad = [
      '',
      '   ',
      'success',
      '{"ToUserName":"gh_x"}',
      '<xml><a>1</a>',
      '<xml><a>1</b></xml>',
      '<xml><a><![CDATA[unterminated</a></xml>',
      '<xml><a>1</a></xml><xml><a>2</a></xml>',
      '<xml><a>1</a></xml>trailing',
      '<xml></xml>',
      '<xml/>',
      '<xml>just text</xml>',
      '<xml><a>1</a>stray text</xml>',
      '<root><a>1</a></root>',
      '<XML><a>1</a></XML>',
      '<xml><a>1</a><?pi x?></xml>',
      '<xml><ToUserName><![CDATA[gh_',
    ];
    for (const raw of bad) expect(errorCode(parse(raw)), JSON.stringify(raw)).toBe('malformed_xml');
  });

  it('rejects a top-level field given twice', () => {
    expect(errorCode(parse('<xml><MsgId>1</MsgId><MsgId>2</MsgId></xml>'))).toBe('duplicate_field');
    expect(errorCode(parse('<xml><Content>a</Content>\n<Content>b</Content></xml>'))).toBe('duplicate_field');
  });

  it('rejects prototype-polluting tag names and leaves Object.prototype alone', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      expect(errorCode(parse(`<xml><${name}>1</${name}></xml>`)), name).toBe('malformed_xml');
      expect(errorCode(parse(`<xml><a><${name}><polluted>1</polluted></${name}></a></xml>`)), name).toBe('malformed_xml');
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps a NUL inside CDATA for the caller to strip', () => {
    expect(parseXmlFields('<xml><Content><![CDATA[a\u0000b]]></Content></xml>')['Content']).toBe('a\u0000b');
  });
});

describe('the flat-push scan agrees with the full parser', () => {
  it('reads the real pushes of the vectors (the scan is the path they take)', () => {
    for (const c of inboundCases) {
      const scanned = scanFlatPush(c.plaintextXml);
      expect(scanned, c.plaintextXml).not.toBeNull();
      expect(scanned).toEqual(parseXmlFieldsFully(c.plaintextXml));
      expect(scanFlatPush(c.body)).toEqual(parseXmlFieldsFully(c.body));
    }
  });

  it('on 20,000 generated documents: whatever it reads, the full parser reads the same', () => {
    // A seeded generator (mulberry32), so a failure reproduces.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const goodNames = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Content', 'MsgId', 'Event', 'A1_b', 'xml'];
    const oddNames = ['constructor', '__proto__', 'a-b', 'ns:x', '1a', '', 'Content '];
    const names = [...goodNames, ...goodNames, ...goodNames, ...oddNames];
    const bits = ['a', '中文', ' ', '\t', '\n', '\r\n', '\r', '<', '>', '&', '&amp;', '&lt;', ']]>', ']]', ']', '<![CDATA[', '"', "'", '\u0001', '\u0000', '😀', '\u00a0', '/', '=', '?'];
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(bits)).join('');
    const space = () => pick(['', '', '', ' ', '\n', '\r\n', '\t', ' \n  ', 'x']);
    const field = () => {
      const name = pick(names);
      const close = random() < 0.95 ? name : pick(names);
      const body = pick([
        () => `<![CDATA[${text()}]]>`,
        () => `<![CDATA[${text()}]]>`,
        () => text(),
        () => text(),
        () => `<![CDATA[${text()}]]><![CDATA[${text()}]]>`,
        () => `${space()}<![CDATA[${text()}]]>${space()}`,
        () => `<Inner>${text()}</Inner>`,
        () => '',
      ])();
      return random() < 0.05 ? `<${name}/>` : `<${name}>${body}</${close}>`;
    };
    let scanned = 0;
    for (let i = 0; i < 20_000; i++) {
      const inner = Array.from({ length: 1 + Math.floor(random() * 3) }, () => space() + field()).join('');
      const doc = `${pick(['', '', ' ', '\n', '<?xml version="1.0"?>'])}<xml>${inner}${space()}</xml>${pick(['', '', '\n', ' ', 'x', '<a/>'])}`;
      const fast = scanFlatPush(doc);
      if (fast === null) continue;
      scanned += 1;
      let full: unknown;
      try {
        full = parseXmlFieldsFully(doc);
      } catch (error) {
        full = error;
      }
      expect(full, JSON.stringify(doc)).toEqual(fast);
    }
    // The generator must exercise the scan, not only its refusals.
    expect(scanned).toBeGreaterThan(1_000);
  });
});

describe('escapeCdata', () => {
  it('splits ]]> so the text survives a round trip through CDATA', () => {
    const text = 'a]]>b]]]]>c';
    const escaped = escapeCdata(text);
    expect(escaped).not.toContain(']]>b');
    expect(parseXmlFields(`<xml><Content><![CDATA[${escaped}]]></Content></xml>`)['Content']).toBe(text);
  });

  it('leaves text without ]]> unchanged', () => {
    expect(escapeCdata('plain ] text ]]')).toBe('plain ] text ]]');
  });
});

describe('sanitizeText', () => {
  it('strips NUL, which PostgreSQL cannot store', () => {
    expect(sanitizeText('a\u0000b\u0000')).toBe('ab');
  });

  it('replaces lone surrogates with U+FFFD and keeps valid pairs', () => {
    expect(sanitizeText('x\uD83Dy')).toBe('x\uFFFDy');
    expect(sanitizeText('x\uDE00y')).toBe('x\uFFFDy');
    expect(sanitizeText('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
    expect(sanitizeText('😀👍🏻')).toBe('😀👍🏻');
  });

  it('keeps other control characters and right-to-left marks as they are', () => {
    expect(sanitizeText('a\tb\u0001\u202Ec')).toBe('a\tb\u0001\u202Ec');
  });
});
