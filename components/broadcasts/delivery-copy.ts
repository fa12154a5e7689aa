import { broadcastDeliveryZh } from '@/lib/i18n/dict/broadcast-delivery';
import type { Translate } from '@/lib/i18n/messages';

/** The delivery copy for client forms, keyed without the `bcd.` prefix (`error.quota_exhausted`, `field.required`, …). */
export function deliveryCopy(t: Translate, okCodes: Record<string, string> = {}): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const key of Object.keys(broadcastDeliveryZh) as Array<keyof typeof broadcastDeliveryZh>) copy[key.slice(4)] = t(key);
  for (const [code, key] of Object.entries(okCodes)) copy[`ok.${code}`] = copy[key] ?? '';
  return copy;
}
