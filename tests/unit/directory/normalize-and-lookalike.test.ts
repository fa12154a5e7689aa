import { describe, expect, it } from 'vitest';
import { followerBand } from '../../../lib/directory/follower-band';
import { lookalikeScore, LOOKALIKE_THRESHOLD } from '../../../lib/directory/lookalike';
import { escapeLike, normalizeQuery, searchExtraFor } from '../../../lib/directory/normalize';

describe('normalizeQuery', () => {
  it('folds traditional characters, width, case and spaces', () => {
    expect(normalizeQuery('平安肇慶')).toBe('平安肇庆');
    expect(normalizeQuery('  Zhongshan   Qingnian ')).toBe('zhongshanqingnian');
    expect(normalizeQuery('ＺＳＱＮ')).toBe('zsqn');
    expect(normalizeQuery('中山  天气')).toBe('中山 天气');
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('searchExtraFor', () => {
  it('holds full pinyin and initials', () => {
    expect(searchExtraFor('中山青年')).toBe('zhongshanqingnian zsqn');
  });
  it('adds the simplified form of a traditional name', () => {
    expect(searchExtraFor('平安肇慶')).toBe('平安肇庆 pinganzhaoqing pazq');
  });
});

describe('lookalikeScore', () => {
  const police = { name: '平安中山', department: '中山市公安局' };
  it.each([
    ['中山市公安局', police, 'department_name'],
    ['平安肇庆服务', { name: '平安肇庆', department: '肇庆市公安局' }, 'contains_name'],
    ['平安中山', police, 'same_name'],
    ['平安中杉', police, 'edit_distance'],
  ])('flags %s', (name, official, reason) => {
    const { score, reason: got } = lookalikeScore(name, official);
    expect(got).toBe(reason);
    expect(score).toBeGreaterThanOrEqual(LOOKALIKE_THRESHOLD);
  });

  it.each([
    ['中山天气', { name: '中山应急', department: '中山市应急管理局' }],
    ['广州天气', { name: '肇庆天气', department: '肇庆市气象局' }],
    ['小榄发布', { name: '中山发布', department: '中山市人民政府新闻办公室' }],
  ])('does not flag the unrelated %s', (name, official) => {
    expect(lookalikeScore(name, official).score).toBeLessThan(LOOKALIKE_THRESHOLD);
  });
});

describe('followerBand', () => {
  it('bands counts like WeChat does', () => {
    expect([999, 1000, 86_000, 420_000, 2_300_000].map(followerBand)).toEqual(['<1k', '1k+', '10k+', '100k+', '1m+']);
  });
});
