import { describe, expect, it } from 'vitest';
import { chooseReply, chooseRule, isActiveAt, type ReplyRule } from '../../../lib/auto-reply/choose-reply';
import { shanghaiMinute } from '../../../lib/time/shanghai';
import { compileKeywordPattern, MAX_REPEAT } from '../../../lib/auto-reply/keyword-pattern';
import { fieldsOfRule, RuleInput, ruleValuesFrom } from '../../../lib/auto-reply/rule-input';
import { toReplyRule } from '../../../lib/auto-reply/rules';
import type { InboundMessage } from '../../../lib/wechat/messages';

/** The one matcher (webhook and test box): precedence, regex keywords, active hours in Beijing time. */
const base = { toUserName: 'gh_x', fromUserName: 'oX', createTime: 0, fields: {} };
const text = (content: string): InboundMessage => ({ ...base, msgType: 'text', msgId: '1', content });
const say = (content: string) => ({ type: 'text' as const, content });

let nextId = 1;
function rule(r: Partial<ReplyRule> & Pick<ReplyRule, 'kind'>): ReplyRule {
  const row = { id: nextId++, matchType: null, pattern: null, reply: say(`rule ${nextId}`), priority: 100, activeFromMinute: null, activeUntilMinute: null, ...r };
  return toReplyRule({ ...row, kind: row.kind, matchType: row.matchType, reply: row.reply });
}

/** 10:00 Beijing = 02:00 UTC. */
const beijing = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00+08:00`);
const NOON = beijing('12:00');

describe('precedence', () => {
  const exact = rule({ kind: 'keyword', matchType: 'exact', pattern: '身份证', priority: 900, reply: say('exact') });
  const contains = rule({ kind: 'keyword', matchType: 'contains', pattern: '身份', priority: 1, reply: say('contains') });
  const regex = rule({ kind: 'keyword', matchType: 'regex', pattern: '身份.*补', priority: 2, reply: say('regex') });
  const fallback = rule({ kind: 'default', reply: say('default') });
  const rules = [fallback, regex, contains, exact];

  it('an exact keyword beats contains and regex whatever the priorities', () => {
    expect(chooseReply(rules, text('身份证'), NOON)).toEqual(say('exact'));
  });

  it('contains and regex keywords compete by priority; the smaller wins', () => {
    expect(chooseReply(rules, text('身份证补办'), NOON)).toEqual(say('contains'));
    const regexFirst = rule({ ...regex, priority: 0, kind: 'keyword', reply: say('regex first') });
    expect(chooseReply([...rules, regexFirst], text('身份证补办'), NOON)).toEqual(say('regex first'));
  });

  it('equal priorities keep the order given (the loader sorts by id)', () => {
    const a = rule({ kind: 'keyword', matchType: 'contains', pattern: '办', reply: say('older') });
    const b = rule({ kind: 'keyword', matchType: 'contains', pattern: '办', reply: say('newer') });
    expect(chooseReply([a, b], text('怎么办'), NOON)).toEqual(say('older'));
  });

  it('falls back to the default rule, and answers nothing without one', () => {
    expect(chooseReply(rules, text('你好'), NOON)).toEqual(say('default'));
    expect(chooseReply([exact], text('你好'), NOON)).toBeNull();
  });

  it('keywords ignore case, full-width spaces and surrounding blanks; regexes are case-insensitive', () => {
    const abc = rule({ kind: 'keyword', matchType: 'exact', pattern: 'ABC', reply: say('abc') });
    expect(chooseReply([abc], text('\u3000abc '), NOON)).toEqual(say('abc'));
    const re = rule({ kind: 'keyword', matchType: 'regex', pattern: '^HELP\\s*\\d{2}$', reply: say('help') });
    expect(chooseReply([re], text('help 12'), NOON)).toEqual(say('help'));
    expect(chooseReply([re], text('help 123'), NOON)).toBeNull();
  });

  it('a subscribe event gets the welcome, a menu click the rule of its key, other events nothing', () => {
    const welcome = rule({ kind: 'subscribe', reply: say('welcome') });
    const click = rule({ kind: 'click', pattern: 'V_MAP', reply: say('map') });
    const all = [welcome, click, fallback];
    expect(chooseReply(all, { ...base, msgType: 'event', event: 'subscribe', scene: null, ticket: null }, NOON)).toEqual(say('welcome'));
    expect(chooseReply(all, { ...base, msgType: 'event', event: 'CLICK', eventKey: 'V_MAP' }, NOON)).toEqual(say('map'));
    expect(chooseReply(all, { ...base, msgType: 'event', event: 'CLICK', eventKey: 'v_map' }, NOON)).toBeNull();
    expect(chooseReply(all, { ...base, msgType: 'event', event: 'unsubscribe' }, NOON)).toBeNull();
  });

  it('chooseRule names the rule that answered', () => {
    expect(chooseRule(rules, text('身份证'), NOON)?.id).toBe(exact.id);
  });
});

describe('active hours (Asia/Shanghai)', () => {
  it('reads the minute of the Beijing day from any instant', () => {
    expect(shanghaiMinute(new Date('2026-06-01T16:00:00Z'))).toBe(0); // 00:00 Beijing
    expect(shanghaiMinute(new Date('2026-06-01T15:59:00Z'))).toBe(1439);
    expect(shanghaiMinute(beijing('07:30'))).toBe(450);
  });

  it('a day window is [from, until)', () => {
    const office = { activeFromMinute: 9 * 60, activeUntilMinute: 18 * 60 };
    expect(isActiveAt(office, 9 * 60 - 1)).toBe(false);
    expect(isActiveAt(office, 9 * 60)).toBe(true);
    expect(isActiveAt(office, 18 * 60 - 1)).toBe(true);
    expect(isActiveAt(office, 18 * 60)).toBe(false);
  });

  it('a window whose end is before its start wraps past midnight', () => {
    const night = { activeFromMinute: 22 * 60, activeUntilMinute: 7 * 60 };
    expect(isActiveAt(night, 22 * 60)).toBe(true);
    expect(isActiveAt(night, 23 * 60 + 59)).toBe(true);
    expect(isActiveAt(night, 0)).toBe(true);
    expect(isActiveAt(night, 7 * 60 - 1)).toBe(true);
    expect(isActiveAt(night, 7 * 60)).toBe(false);
    expect(isActiveAt(night, 12 * 60)).toBe(false);
    expect(isActiveAt({ activeFromMinute: null, activeUntilMinute: null }, 0)).toBe(true);
  });

  it('a rule outside its hours steps aside for the next one, the default included', () => {
    const nightDefault = rule({ kind: 'default', activeFromMinute: 18 * 60, activeUntilMinute: 9 * 60, priority: 1, reply: say('after hours') });
    const dayDefault = rule({ kind: 'default', priority: 2, reply: say('office hours') });
    const nightKeyword = rule({ kind: 'keyword', matchType: 'exact', pattern: '值班', activeFromMinute: 22 * 60, activeUntilMinute: 7 * 60, reply: say('night duty') });
    const all = [nightDefault, dayDefault, nightKeyword];
    expect(chooseReply(all, text('你好'), beijing('20:00'))).toEqual(say('after hours'));
    expect(chooseReply(all, text('你好'), beijing('10:00'))).toEqual(say('office hours'));
    expect(chooseReply(all, text('值班'), beijing('02:00'))).toEqual(say('night duty'));
    expect(chooseReply(all, text('值班'), beijing('12:00'))).toEqual(say('office hours'));
    // 02:00 Beijing is 18:00 UTC the previous day: the zone, not the server's clock, decides.
    expect(chooseReply(all, text('值班'), new Date('2026-05-31T18:00:00Z'))).toEqual(say('night duty'));
  });
});

describe('regular-expression keywords', () => {
  it('are compiled once when the rules are loaded, and a pattern that does not compile never matches', () => {
    const ok = rule({ kind: 'keyword', matchType: 'regex', pattern: '证明' });
    expect(ok.regex).toBeTruthy();
    const bad = rule({ kind: 'keyword', matchType: 'regex', pattern: '(?=证明)', reply: say('never') });
    expect(bad.regex).toBeNull();
    expect(chooseReply([bad], text('证明'), NOON)).toBeNull();
    expect(rule({ kind: 'keyword', matchType: 'contains', pattern: '(' }).regex).toBeUndefined();
  });

  it('refuse syntax errors, constructs that need backtracking, and large repeats', () => {
    expect(compileKeywordPattern('([a-z]+')).toMatchObject({ ok: false, problem: { code: 'regex_invalid', near: '([a-z]+' } });
    expect(compileKeywordPattern('(?=a)')).toMatchObject({ ok: false, problem: { code: 'regex_unsupported' } });
    expect(compileKeywordPattern('(?!a)b')).toMatchObject({ ok: false, problem: { code: 'regex_unsupported' } });
    expect(compileKeywordPattern('(?<=a)b')).toMatchObject({ ok: false, problem: { code: 'regex_unsupported' } });
    expect(compileKeywordPattern('(a)\\1')).toMatchObject({ ok: false, problem: { code: 'regex_unsupported' } });
    expect(compileKeywordPattern(`a{${MAX_REPEAT + 1}}`)).toEqual({ ok: false, problem: { code: 'regex_repeat_too_large' } });
    expect(compileKeywordPattern(`a{2,${MAX_REPEAT + 1}}`)).toEqual({ ok: false, problem: { code: 'regex_repeat_too_large' } });
    expect(compileKeywordPattern(`a{${MAX_REPEAT}}`).ok).toBe(true);
    expect(compileKeywordPattern('x'.repeat(201))).toEqual({ ok: false, problem: { code: 'regex_too_long' } });
  });

  it('answer a message built to make a backtracking engine take exponential time', () => {
    // In RegExp, /^(a+)+$/ on 40 a's and a '!' would not finish in any reasonable time.
    const evil = rule({ kind: 'keyword', matchType: 'regex', pattern: '^(a+)+$', reply: say('evil') });
    const fallback = rule({ kind: 'default', reply: say('default') });
    expect(chooseReply([evil, fallback], text(`${'a'.repeat(2000)}!`), NOON)).toEqual(say('default'));
    expect(chooseReply([evil, fallback], text('a'.repeat(2000)), NOON)).toEqual(say('evil'));
  });
});

describe('the editor form', () => {
  const parse = (fields: Record<string, string>) => ruleValuesFrom(RuleInput.parse(fields));

  it('turns the fields into the row and back', () => {
    const fields = { kind: 'keyword', matchType: 'regex', pattern: '^办证$', priority: '7', activeFrom: '22:00', activeUntil: '07:00', replyType: 'news', content: '', mediaId: '', title: '办证', description: '指南', picUrl: 'https://x.gov.cn/p.jpg', url: 'https://x.gov.cn/a' };
    const parsed = parse(fields);
    expect(parsed).toEqual({
      ok: true,
      values: { kind: 'keyword', matchType: 'regex', pattern: '^办证$', priority: 7, activeFromMinute: 1320, activeUntilMinute: 420, reply: { type: 'news', articles: [{ title: '办证', description: '指南', picUrl: 'https://x.gov.cn/p.jpg', url: 'https://x.gov.cn/a' }] } },
    });
    if (parsed.ok) expect(fieldsOfRule(parsed.values)).toEqual(fields);
  });

  it('drops a match type and pattern a kind does not use', () => {
    expect(parse({ kind: 'default', matchType: 'regex', pattern: '(', replyType: 'text', content: '你好' })).toMatchObject({ ok: true, values: { matchType: null, pattern: null } });
  });

  it('counts a text reply in bytes, as WeChat does', () => {
    expect(parse({ kind: 'default', replyType: 'text', content: '字'.repeat(682) })).toMatchObject({ ok: true });
    expect(parse({ kind: 'default', replyType: 'text', content: '字'.repeat(683) })).toEqual({ ok: false, fieldErrors: { content: ['too_long'] } });
  });
});
