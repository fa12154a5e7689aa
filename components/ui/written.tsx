import type { ElementType, HTMLAttributes } from 'react';
import { contentLang, type Locale } from '@/lib/i18n/locales';

/**
 * Text people wrote — an account's name, a description, an event, a message — shown as written,
 * never translated (docs/accessibility.md). When the UI is in another language it carries
 * lang="zh-CN", so a screen reader reading an English or Traditional page pronounces it as
 * Simplified Chinese instead of spelling it in the page's voice.
 */
export function Written({
  locale,
  as: Tag = 'span',
  written = 'zh-CN',
  ...props
}: HTMLAttributes<HTMLElement> & { locale: Locale; as?: ElementType; written?: Locale }) {
  return <Tag lang={contentLang(locale, written)} {...props} />;
}
