import type { Locale } from '../i18n/messages';

/**
 * Follower counts are shown as a band ("10万+"), as WeChat itself does: exact numbers change
 * hourly, invite comparison, and are not what a citizen needs to judge an account.
 */
export type FollowerBand = '1m+' | '100k+' | '10k+' | '1k+' | '<1k';

export function followerBand(count: number): FollowerBand {
  if (count >= 1_000_000) return '1m+';
  if (count >= 100_000) return '100k+';
  if (count >= 10_000) return '10k+';
  if (count >= 1_000) return '1k+';
  return '<1k';
}

const labels: Record<Locale, Record<FollowerBand, string>> = {
  'zh-CN': { '1m+': '100万+', '100k+': '10万+', '10k+': '1万+', '1k+': '1000+', '<1k': '不足1000' },
  'zh-Hant': { '1m+': '100萬+', '100k+': '10萬+', '10k+': '1萬+', '1k+': '1000+', '<1k': '不足1000' },
  en: { '1m+': '1M+', '100k+': '100k+', '10k+': '10k+', '1k+': '1k+', '<1k': 'under 1k' },
};

export function followerBandLabel(band: FollowerBand, locale: Locale): string {
  return labels[locale][band];
}
