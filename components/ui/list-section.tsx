import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { EmptyState } from './empty-state';

/**
 * A titled section of a page that lists things: its heading names it for screen readers
 * (aria-labelledby), and with nothing to list it says so instead of showing an empty list.
 */
export function ListSection({
  id,
  title,
  empty,
  isEmpty,
  compact = false,
  footer,
  children,
}: {
  /** Unique on the page; the heading gets `${id}-heading`. */
  id: string;
  title: ReactNode;
  /** What to say when there is nothing. */
  empty: ReactNode;
  isEmpty: boolean;
  /** A smaller heading and spacing, for sections inside a dense admin page. */
  compact?: boolean;
  /** Shown under the list or the empty state alike. */
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className={compact ? 'space-y-2' : 'space-y-3'}>
      <h2 id={`${id}-heading`} className={cn('font-semibold', compact ? 'text-lg' : 'text-xl')}>
        {title}
      </h2>
      {isEmpty ? <EmptyState>{empty}</EmptyState> : children}
      {footer}
    </section>
  );
}
