import 'server-only';
import { simulatorZh } from '@/lib/i18n/dict/simulator';
import type { Translate } from '@/lib/i18n/messages';
import type { SimKey, SimLabels } from './phone-data';

/** The simulator's copy in the visitor's language, for the client components. */
export function simulatorLabels(t: Translate): SimLabels {
  return Object.fromEntries((Object.keys(simulatorZh) as SimKey[]).map((key) => [key, t(key)])) as SimLabels;
}
