import type { BroadcastsKey } from '@/lib/i18n/dict/broadcasts';

/** The broadcasts copy of one language, handed from a server page to the client components. */
export type BroadcastCopy = Record<BroadcastsKey, string>;

/** `{name}` placeholders filled in, as lib/i18n's translator does on the server. */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}
