import type { MessageKey, Translate } from '@/lib/i18n/messages';

/** Enum values → their UI copy; keys are checked by the MessageKey type. */
export function categoryLabel(t: Translate, category: string): string {
  return t(`dir.category.${category}` as MessageKey);
}

export function typeLabel(t: Translate, type: 'subscription' | 'service'): string {
  return t(`dir.type.${type}`);
}
