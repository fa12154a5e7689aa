import type { simulatorZh } from '@/lib/i18n/dict/simulator';

/** Client-safe data and helpers of the phone pages (no server imports here). */

export type SimKey = keyof typeof simulatorZh;
export type SimLabels = Record<SimKey, string>;

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Demo citizens; their openids are stable so links and the e2e tests can name them. */
export const PRESET_CITIZENS: ReadonlyArray<{ openid: string; nameKey: SimKey }> = [
  { openid: 'oDemoCitizen01', nameKey: 'sim.citizen.auntZhang' },
  { openid: 'oDemoCitizen02', nameKey: 'sim.citizen.xiaoChen' },
  { openid: 'oDemoCitizen03', nameKey: 'sim.citizen.uncleLi' },
];

export const DEFAULT_OPENID = 'oDemoCitizen01';
export const DEFAULT_SCENE = 'directory';
/** The follow page uses the citizen last picked on the phone. */
export const OPENID_STORAGE_KEY = 'wegov-sim-openid';

/**
 * Places a citizen can share. `label` is what WeChat puts in the push (Label is always Chinese
 * there, whatever the UI language); the button shows the translated name.
 */
export const PRESET_PLACES: ReadonlyArray<{ nameKey: SimKey; latitude: number; longitude: number; label: string }> = [
  { nameKey: 'sim.place.zsService', latitude: 22.517585, longitude: 113.392669, label: '广东省中山市东区松苑路1号 中山市政务服务中心' },
  { nameKey: 'sim.place.zsSunwen', latitude: 22.522186, longitude: 113.375923, label: '广东省中山市石岐区孙文西路 孙文西路步行街' },
  { nameKey: 'sim.place.zqPolice', latitude: 23.047398, longitude: 112.465094, label: '广东省肇庆市端州区 肇庆市公安局户政大厅' },
  { nameKey: 'sim.place.zqQixing', latitude: 23.070741, longitude: 112.474532, label: '广东省肇庆市端州区七星岩景区' },
];

const OPENID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A fresh OpenID shaped like WeChat's: 28 characters starting with `o`. */
export function newOpenid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(27));
  return `o${Array.from(bytes, (b) => OPENID_ALPHABET[b % OPENID_ALPHABET.length]).join('')}`;
}

export function citizenName(openid: string, labels: SimLabels): string {
  const preset = PRESET_CITIZENS.find((c) => c.openid === openid);
  return preset ? labels[preset.nameKey] : labels['sim.citizen.other'];
}

export function phoneUrl(account: string, openid: string): string {
  return `/dev/wechat?${new URLSearchParams({ account, openid })}`;
}
