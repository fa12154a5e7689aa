import * as OpenCC from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/format';
import { followerBandLabel } from '@/lib/directory/follower-band';
import {
  contentLang,
  deriveTraditional,
  dictionary,
  LOCALE_NAMES,
  LOCALES,
  localeFromAcceptLanguage,
  regionName,
  translator,
} from '@/lib/i18n/messages';
import { simulatorInHeader } from '@/lib/site-nav';

describe('the Traditional Chinese dictionary', () => {
  const zh = dictionary('zh-CN');
  const hant = dictionary('zh-Hant');

  it('has every key the Simplified one has, and nothing else', () => {
    expect(Object.keys(hant).sort()).toEqual(Object.keys(zh).sort());
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(dictionary(locale))) expect(text, `${locale} ${key}`).not.toBe('');
    }
  });

  it('leaves no Simplified-only character in any key', () => {
    // Character by character, independent of the phrase tables: 发 → 發, 门 → 門; a Traditional
    // or shared character converts to itself.
    const toTraditionalChar = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const left: string[] = [];
    for (const [key, text] of Object.entries(hant)) {
      for (const char of new Set(text.match(/\p{Script=Han}/gu) ?? [])) {
        if (toTraditionalChar(char) !== char) left.push(`${key}: ${char}`);
      }
    }
    expect(left).toEqual([]);
  });

  it('keeps the placeholders of every key', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(zh) as [keyof typeof zh, string][]) {
      expect(placeholders(hant[key]), key).toEqual(placeholders(text));
    }
  });

  it('covers the core and every feature dictionary', () => {
    expect(hant['site.name']).toBe('政務微信門戶');
    expect(hant['elder.switch']).toBe('長輩模式');
    expect(hant['login.heading']).toBe('工作人員登入');
    expect(hant['sim.title']).toBe('微信模擬器');
    expect(hant['dir.nav.verify']).toBe('核實公眾號');
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      if (/[\u4e00-\u9fff]/.test(zh[key]) && /[们门发这说关报务号实择设认证帐账]/.test(zh[key])) expect(hant[key], key).not.toBe(zh[key]);
    }
  });

  it('applies the override map over what OpenCC writes', () => {
    expect(deriveTraditional({ a: '微信账号' }).a).toBe('微信帳號');
    expect(deriveTraditional({ a: '登录' }).a).toBe('登入');
    expect(deriveTraditional({ a: '微信号' }).a).toBe('微信號');
    expect(deriveTraditional({ a: '审核' }).a).toBe('審核');
  });

  it('gives zh-Hant its own date words and follower bands', () => {
    const at = new Date('2026-03-05T07:30:00Z'); // 15:30 in Shanghai
    expect(formatDateTime(at, 'zh-Hant')).toMatch(/下午/);
    expect(formatDateTime(at, 'zh-CN')).toContain('15:30');
    expect(followerBandLabel('100k+', 'zh-Hant')).toBe('10萬+');
    expect(followerBandLabel('100k+', 'zh-CN')).toBe('10万+');
  });

  it('fills variables in every language', () => {
    expect(translator('zh-Hant')('locale.current', { name: LOCALE_NAMES.en })).toBe('當前語言：English');
  });
});

describe('the language of a first visit (Accept-Language)', () => {
  it.each([
    ['zh-TW,zh;q=0.9', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO,en;q=0.5', 'zh-Hant'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['zh-hant', 'zh-Hant'],
    ['zh-Hans-TW', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['EN', 'en'],
    ['fr-FR,en;q=0.7,zh-TW;q=0.5', 'en'],
    ['fr-FR,de;q=0.8', 'zh-CN'],
    ['en;q=0.3,zh-TW;q=0.8', 'zh-Hant'],
    ['zh-TW;q=0,en', 'en'],
    ['*', 'zh-CN'],
    ['', 'zh-CN'],
    [';;;,q=abc', 'zh-CN'],
  ] as const)('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it('falls back to Simplified Chinese without a header', () => {
    expect(localeFromAcceptLanguage(null)).toBe('zh-CN');
    expect(localeFromAcceptLanguage(undefined)).toBe('zh-CN');
  });
});

describe('region names', () => {
  it('follow the UI language: they are a gazetteer, not text someone wrote', () => {
    const region = { name: '广州市', nameEn: 'Guangzhou' };
    expect(regionName(region, 'zh-CN')).toBe('广州市');
    expect(regionName(region, 'zh-Hant')).toBe('廣州市');
    expect(regionName(region, 'en')).toBe('Guangzhou');
  });
});

describe('content people wrote', () => {
  it('is marked zh-CN only when the page is in another language', () => {
    expect(contentLang('zh-CN')).toBeUndefined();
    expect(contentLang('zh-Hant')).toBe('zh-CN');
    expect(contentLang('en')).toBe('zh-CN');
  });
});

describe('the public header', () => {
  it('offers the simulator only in the demo', () => {
    expect(simulatorInHeader({ WEGOV_DEMO: true, simulatorEnabled: true })).toBe(true);
    // Simulator switched on in production for testing: reachable at /dev/wechat, not advertised.
    expect(simulatorInHeader({ WEGOV_DEMO: false, simulatorEnabled: true })).toBe(false);
    expect(simulatorInHeader({ WEGOV_DEMO: true, simulatorEnabled: false })).toBe(false);
    expect(simulatorInHeader({ WEGOV_DEMO: false, simulatorEnabled: false })).toBe(false);
  });
});
