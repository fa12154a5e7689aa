import { describe, expect, it } from 'vitest';
import type { BroadcastContent } from '../../../lib/broadcasts/content';
import { checkContent, findIdNumbers, findMobileNumbers, isAllowedHost, isResidentId, LONG_PARAGRAPH, type CheckOptions } from '../../../lib/broadcasts/content-check';
import { STARTER_WORDING } from '../../../lib/broadcasts/starter-wording';

/**
 * ISO 7064 MOD 11-2, written independently of the module's weight table: the check character
 * makes the weighted sum of all 18 positions (weights 2^(17-i) mod 11) ≡ 1 (mod 11).
 */
function withCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const today = new Date('2026-12-01T00:00:00Z');
const options: CheckOptions = { wording: STARTER_WORDING, allowedDomains: ['gd.gov.cn', 'mp.weixin.qq.com'], ownHost: 'wegov.example.cn', today };
const text = (t: string): BroadcastContent => ({ msgType: 'text', content: { text: t } });
const article = (over: Partial<{ title: string; digest: string; body: string; link: string | null; coverAlt: string; author: string }>) => ({
  title: '冬季防火提示',
  author: '',
  digest: '',
  coverUrl: 'https://mmbiz.qpic.cn/cover.jpg',
  coverAlt: '消防员检查灭火器',
  body: '请检查家中电线。',
  link: null,
  ...over,
});
const news = (...articles: ReturnType<typeof article>[]): BroadcastContent => ({ msgType: 'news', content: { articles } });

describe('resident ID numbers (GB 11643)', () => {
  const real = [withCheckDigit('44200019900307123'), withCheckDigit('11010519491231002'), withCheckDigit('44120320010815004'), withCheckDigit('65010219851120111')];

  it('recognises numbers with a valid check character and birth date', () => {
    // The standard's own example, and numbers with computed check characters (one ends in X).
    expect(withCheckDigit('11010519491231002')).toBe('11010519491231002X');
    for (const id of real) expect(isResidentId(id, today), id).toBe(true);
    expect(isResidentId('11010519491231002x', today)).toBe(true);
    expect(findIdNumbers(`申请人 ${real[0]} 已登记`, today)).toEqual([real[0]]);
  });

  it('leaves look-alikes alone: wrong check digit, impossible dates, other lengths, order numbers', () => {
    for (const id of real) expect(isResidentId(wrongCheckDigit(id), today), wrongCheckDigit(id)).toBe(false);
    // 31 February, a birth in the future, a year before 1900, an unknown province: each with a "valid" check digit.
    for (const first17 of ['44200019900231123', '44200020300101123', '44200018800101123', '99200019900307123']) {
      expect(isResidentId(withCheckDigit(first17), today), first17).toBe(false);
    }
    const longer = `${real[0]}7`; // 19 digits: a longer run, not an ID inside it
    expect(findIdNumbers(`订单号 ${longer}`, today)).toEqual([]);
    expect(findIdNumbers(`流水号 A${real[0]}`, today)).toEqual([]);
    expect(findIdNumbers('订单号 202612011234567890 已发货', today)).toEqual([]);
    expect(findIdNumbers('2026年12月1日 20261201', today)).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it('finds 1[3-9] + 9 digits, together or 3-4-4', () => {
    expect(findMobileNumbers('联系 13800138000。')).toEqual(['13800138000']);
    expect(findMobileNumbers('电话：139 2600 1234')).toEqual(['139 2600 1234']);
    expect(findMobileNumbers('电话：186-2600-1234，找王老师')).toEqual(['186-2600-1234']);
  });

  it('does not flag longer digit runs, landlines, 12 prefixes or dates', () => {
    expect(findMobileNumbers('订单 138001380001 已付款')).toEqual([]); // 12 digits
    expect(findMobileNumbers('单号 9913800138000')).toEqual([]); // inside a longer run
    expect(findMobileNumbers('编号 2026-13800138000')).toEqual([]); // joined by a dash to more digits
    expect(findMobileNumbers('12345 热线，0760-88888888')).toEqual([]);
    expect(findMobileNumbers('12800138000')).toEqual([]); // 12x is not a mobile prefix
    expect(findMobileNumbers('2026-12-01 14:30')).toEqual([]);
    expect(findMobileNumbers('138 0013-8000')).toEqual([]); // mixed separators: not how a number is written
  });
});

describe('checkContent', () => {
  it('says where an ID, a mobile and a listed word are, masked', () => {
    const id = withCheckDigit('44200019900307123');
    const problems = checkContent(news(article({}), article({ body: `第一段。\n截止目前已登记，身份证 ${id}，电话 13800138000。` })), options);
    expect(problems).toEqual([
      { kind: 'wording', where: { article: 2, field: 'body', paragraph: 2 }, word: '截止目前', suggestion: '截至目前', note: expect.any(String) },
      { kind: 'id_number', where: { article: 2, field: 'body', paragraph: 2 }, excerpt: `4420${'*'.repeat(10)}${id.slice(-4)}` },
      { kind: 'mobile', where: { article: 2, field: 'body', paragraph: 2 }, excerpt: '138****8000' },
    ]);
  });

  it('flags links that are not https or go elsewhere, and lets the directory and allowed hosts through', () => {
    const body = ['见 http://www.gd.gov.cn/a.html', '报名 [这里](https://wegov.example.cn/events/3)', '详见 https://www.gd.gov.cn/b', '转载 https://evil.example.com/x', '原文 https://mp.weixin.qq.com/s/abc'].join('\n');
    const problems = checkContent(news(article({ body, link: 'https://example.org/page' })), options);
    expect(problems).toEqual([
      { kind: 'link_not_https', where: { article: 1, field: 'body', paragraph: 1 }, url: 'http://www.gd.gov.cn/a.html' },
      { kind: 'link_domain', where: { article: 1, field: 'body', paragraph: 4 }, url: 'https://evil.example.com/x', host: 'evil.example.com' },
      { kind: 'link_domain', where: { article: 1, field: 'link' }, url: 'https://example.org/page', host: 'example.org' },
    ]);
    expect(isAllowedHost('gd.gov.cn.evil.com', options)).toBe(false);
    expect(isAllowedHost('WWW.GD.GOV.CN', options)).toBe(true);
  });

  it('flags pictures without a description: cover, body picture, image message', () => {
    const problems = checkContent(news(article({ coverAlt: '', body: '文字\n![](https://mmbiz.qpic.cn/a.jpg)\n![现场照片](https://mmbiz.qpic.cn/b.jpg)' })), options);
    expect(problems.map((p) => [p.kind, p.where])).toEqual([
      ['image_alt', { article: 1, field: 'cover' }],
      ['image_alt', { article: 1, field: 'body', paragraph: 2 }],
    ]);
    expect(checkContent({ msgType: 'image', content: { imageUrl: 'https://mmbiz.qpic.cn/c.jpg', alt: ' ' } }, options)).toMatchObject([{ kind: 'image_alt', where: { field: 'image' } }]);
  });

  it(`flags a paragraph of more than ${LONG_PARAGRAPH} characters, not one of exactly that many`, () => {
    const ok = '字'.repeat(LONG_PARAGRAPH);
    const long = '字'.repeat(LONG_PARAGRAPH + 1);
    expect(checkContent(text(`${ok}\n${long}`), options)).toEqual([{ kind: 'long_paragraph', where: { field: 'text', paragraph: 2 }, length: LONG_PARAGRAPH + 1, limit: LONG_PARAGRAPH }]);
    // A link's address does not count towards the length, nor do its digits count as numbers.
    const withLink = `${'字'.repeat(LONG_PARAGRAPH - 10)} https://www.gd.gov.cn/13800138000/${'a'.repeat(40)}`;
    expect(checkContent(text(withLink), options)).toEqual([]);
  });

  it('finds a clean real-shaped article clean', () => {
    const body = ['12月1日起，全市各派出所户籍窗口周六照常办理身份证业务。', '办理时间：9:00–17:00，咨询电话 0758-2222110。', '![户籍窗口](https://mmbiz.qpic.cn/window.jpg)', '详情见 https://www.gd.gov.cn/notice/20261201.html'].join('\n');
    expect(checkContent(news(article({ title: '身份证业务周六照常办理', digest: '订单号 202612011234567890', body })), options)).toEqual([]);
  });

  it('matches listed words whatever their case, once per place', () => {
    const rules = { ...options, wording: [{ word: 'WeChat Pay', suggestion: '微信支付', note: null }] };
    expect(checkContent(text('请用 wechat pay，wechat pay 更快'), rules)).toHaveLength(1);
  });
});
