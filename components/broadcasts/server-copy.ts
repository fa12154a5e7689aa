import 'server-only';
import { broadcastsZh, type BroadcastsKey } from '@/lib/i18n/dict/broadcasts';
import { dictionary, type Locale } from '@/lib/i18n/messages';
import type { BroadcastCopy } from './copy';

const KEYS = Object.keys(broadcastsZh) as BroadcastsKey[];

/** The broadcasts copy in the reader's language, for the client components (only this feature's keys). */
export function broadcastCopy(locale: Locale): BroadcastCopy {
  const d = dictionary(locale);
  return Object.fromEntries(KEYS.map((k) => [k, d[k]])) as BroadcastCopy;
}
