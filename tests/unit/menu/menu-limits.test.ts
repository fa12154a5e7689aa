import { describe, expect, it } from 'vitest';
import { parseMenu } from '../../../lib/wechat/simulator/menu';
import { checkMenu, fromWechatMenu, menuLinks, toWechatMenu } from '../../../lib/menu/model';
import type { MenuButton } from '../../../lib/menu/limits';

const click = (name: string, key = 'k'): MenuButton => ({ name, type: 'click', key, sub: [] });
const view = (name: string, url: string): MenuButton => ({ name, type: 'view', url, sub: [] });
const group = (name: string, sub: MenuButton[]): MenuButton => ({ name, type: 'click', key: '', sub });

/** WeChat's menu limits (docs/wechat-protocol.md §6.8), counted in UTF-8 bytes. */
describe('checkMenu', () => {
  it('takes 1 to 3 buttons with up to 5 sub-buttons, and says which field is wrong otherwise', () => {
    expect(checkMenu({ buttons: [] })).toEqual({ ok: false, errors: { buttons: 'count' } });
    expect(checkMenu({ buttons: [click('一'), click('二'), click('三'), click('四')] })).toEqual({ ok: false, errors: { buttons: 'count' } });
    const six = group('办事', Array.from({ length: 6 }, (_, i) => click(`子${i}`)));
    expect(checkMenu({ buttons: [six] })).toMatchObject({ ok: false, errors: { 'b0.sub': 'count' } });
    const five = group('办事', Array.from({ length: 5 }, (_, i) => click(`子${i}`)));
    expect(checkMenu({ buttons: [five, click('二'), click('三')] }).ok).toBe(true);
  });

  it('counts names in bytes: 5 Chinese characters fit a top-level name (15 bytes), 6 do not; 20 fit a sub-button (60), 21 do not', () => {
    expect(checkMenu({ buttons: [click('一二三四五')] }).ok).toBe(true);
    expect(checkMenu({ buttons: [click('一二三四五六')] })).toEqual({ ok: false, errors: { 'b0.name': 'too_long' } });
    expect(checkMenu({ buttons: [click('abcdefghijklmnop')] }).ok).toBe(true); // 16 bytes
    expect(checkMenu({ buttons: [click('abcdefghijklmnopq')] })).toEqual({ ok: false, errors: { 'b0.name': 'too_long' } });
    expect(checkMenu({ buttons: [group('组', [click('字'.repeat(20))])] }).ok).toBe(true);
    expect(checkMenu({ buttons: [group('组', [click('字'.repeat(21))])] })).toEqual({ ok: false, errors: { 'b0.s0.name': 'too_long' } });
  });

  it('limits a key to 128 bytes and a link to 1024, wants a web address, and names empty fields', () => {
    expect(checkMenu({ buttons: [click('键', 'k'.repeat(128))] }).ok).toBe(true);
    expect(checkMenu({ buttons: [click('键', 'k'.repeat(129))] })).toEqual({ ok: false, errors: { 'b0.key': 'too_long' } });
    const long = `https://example.gov.cn/${'a'.repeat(1024 - 23)}`;
    expect(Buffer.byteLength(long)).toBe(1024);
    expect(checkMenu({ buttons: [view('链接', long)] }).ok).toBe(true);
    expect(checkMenu({ buttons: [view('链接', `${long}a`)] })).toEqual({ ok: false, errors: { 'b0.url': 'too_long' } });
    // WeChat opens http links too; the probe flags them (tests/unit/menu/probe-links.test.ts).
    expect(checkMenu({ buttons: [view('链接', 'http://example.gov.cn/')] }).ok).toBe(true);
    expect(checkMenu({ buttons: [view('链接', 'javascript:alert(1)')] })).toEqual({ ok: false, errors: { 'b0.url': 'bad_url' } });
    expect(checkMenu({ buttons: [view('链接', 'https://user:pw@example.gov.cn/')] })).toEqual({ ok: false, errors: { 'b0.url': 'bad_url' } });
    expect(checkMenu({ buttons: [click(' ', ' ')] })).toEqual({ ok: false, errors: { 'b0.name': 'required', 'b0.key': 'required' } });
    expect(checkMenu({ nonsense: true })).toEqual({ ok: false, errors: { buttons: 'invalid' } });
  });

  it('turns a checked draft into a body the simulator (WeChat’s rules) accepts, and back', () => {
    const draft = { buttons: [click('近期活动', 'wegov:events'), group('服务', [view('官网', 'https://www.example.gov.cn/'), click('咨询', 'ASK')]), view('地图', 'https://map.example.gov.cn/')] };
    const checked = checkMenu(draft);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const body = toWechatMenu(checked.menu);
    expect(() => parseMenu(body)).not.toThrow();
    expect(body.button[1]).toEqual({ name: '服务', sub_button: [{ type: 'view', name: '官网', url: 'https://www.example.gov.cn/' }, { type: 'click', name: '咨询', key: 'ASK' }] });
    expect(menuLinks(checked.menu)).toEqual(['https://www.example.gov.cn/', 'https://map.example.gov.cn/']);
    expect(checkMenu(fromWechatMenu(body))).toEqual(checked);
  });
});
