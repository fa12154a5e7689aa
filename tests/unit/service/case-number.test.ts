import { describe, expect, it } from 'vitest';
import { parseCaseLookup } from '../../../lib/service/case-lookup';
import { CASE_ALPHABET, casePrefixOf, newCaseNumber, normalizeCaseNumber, redrawCaseNumber } from '../../../lib/service/case-number';

describe('case numbers', () => {
  it('are prefix, Beijing date and four unambiguous random characters', () => {
    // 17:30 UTC on 30 November is already 1 December in Beijing.
    const n = newCaseNumber('ZS', new Date('2026-11-30T17:30:00Z'));
    expect(n).toMatch(new RegExp(`^ZS-261201-[${CASE_ALPHABET}]{4}$`));
    for (const ambiguous of ['0', 'O', '1', 'I', 'L', '2', 'Z', '5', 'S', '8', 'B']) expect(CASE_ALPHABET).not.toContain(ambiguous);
  });

  it('are not a sequence: many draws on one day are spread over the alphabet', () => {
    const at = new Date('2026-12-01T02:00:00Z');
    const draws = new Set(Array.from({ length: 500 }, () => newCaseNumber('ZS', at)));
    expect(draws.size).toBeGreaterThan(480);
    const firstChars = new Set([...draws].map((d) => d.at(-4)));
    expect(firstChars.size).toBeGreaterThan(15);
  });

  it('take the account’s prefix, or the initials of its slug', () => {
    expect(casePrefixOf({ slug: 'zhongshan-youth', casePrefix: null })).toBe('ZY');
    expect(casePrefixOf({ slug: 'zhongshan-youth', casePrefix: ' zs ' })).toBe('ZS');
    expect(casePrefixOf({ slug: 'police' })).toBe('PO');
  });

  it('redraw only the random part', () => {
    const n = redrawCaseNumber('ZS-261201-4F7K');
    expect(n.startsWith('ZS-261201-')).toBe(true);
    expect(n).toHaveLength('ZS-261201-4F7K'.length);
  });

  it('are read back from what citizens type: lower case, full-width, other dashes', () => {
    expect(normalizeCaseNumber('zs-261201-4f7k')).toBe('ZS-261201-4F7K');
    expect(normalizeCaseNumber('ＺＳ－２６１２０１－４Ｆ７Ｋ')).toBe('ZS-261201-4F7K');
    expect(normalizeCaseNumber('ZS—261201—4F7K')).toBe('ZS-261201-4F7K');
    expect(normalizeCaseNumber('12345')).toBeNull();
  });
});

describe('查询 as typed', () => {
  const text = (content: string) => ({ msgType: 'text', content }) as never;
  it('reads a number after 查询 / 查詢 with any space, and 查询 alone as the latest case', () => {
    expect(parseCaseLookup(text('查询 ZS-261201-4F7K'))).toEqual({ kind: 'number', text: 'ZS-261201-4F7K' });
    expect(parseCaseLookup(text('查詢\u3000zs-261201-4f7k'))).toEqual({ kind: 'number', text: 'zs-261201-4f7k' });
    expect(parseCaseLookup(text('查询ＺＳ－２６１２０１－４Ｆ７Ｋ'))).toEqual({ kind: 'number', text: 'ＺＳ－２６１２０１－４Ｆ７Ｋ' });
    expect(parseCaseLookup(text(' 查询 '))).toEqual({ kind: 'latest' });
    expect(parseCaseLookup(text('查询一下社保怎么交'))).toBeNull();
    expect(parseCaseLookup(text('请帮我查询 ZS-261201-4F7K'))).toBeNull();
  });
});
