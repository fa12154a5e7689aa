import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import { citizenName, owedBy } from '@/lib/inbox/display';
import type { InboxRow } from '@/lib/inbox/list';
import type { Locale, Translate } from '@/lib/i18n/messages';
import { cn } from '@/lib/cn';
import { maskPii } from '@/lib/privacy/pii';

/** One row of the inbox: a big touch target; overdue threads stand out with a red edge. */
export function ConversationCard({ row, t, locale, showAccount }: { row: InboxRow; t: Translate; locale: Locale; showAccount: boolean }) {
  const name = citizenName(row, t);
  const due = owedBy(row);
  return (
    <Link
      href={`/admin/inbox/${row.id}`}
      className={cn(
        'block rounded-xl bg-white p-4 ring-1 ring-slate-200 hover:ring-brand-600',
        row.overdue && 'border-l-4 border-gov-red',
        row.unreadCount > 0 && 'bg-brand-50/40',
      )}
    >
      <div className="flex items-start gap-2">
        <span className={cn('min-w-0 flex-1 truncate', row.unreadCount > 0 ? 'font-bold' : 'font-medium')}>{name}</span>
        <time dateTime={row.lastMessageAt.toISOString()} className="shrink-0 text-sm text-slate-600">
          {formatDateTime(row.lastMessageAt, locale)}
        </time>
      </div>
      {/* Citizen text is rendered as text, never as HTML (docs/reliability.md G3). */}
      <p className="mt-1 line-clamp-2 whitespace-pre-wrap break-words text-slate-700">{maskPii(row.preview)}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
        {row.unreadCount > 0 ? <Badge tone="green">{t('inbox.unread', { n: row.unreadCount })}</Badge> : null}
        {row.overdue ? <Badge tone="red">{t('inbox.overdue')}</Badge> : null}
        <Badge tone={row.status === 'open' ? 'amber' : 'slate'}>{t(`inbox.status.${row.status}`)}</Badge>
        {showAccount ? <Badge>{row.accountName}</Badge> : null}
        <span className="text-slate-600">{row.assigneeName ? t('inbox.assignedTo', { name: row.assigneeName }) : t('inbox.unassigned')}</span>
        {due && !row.overdue ? (
          <span className="text-slate-600">{t('inbox.dueAt', { time: formatDateTime(due, locale) })}</span>
        ) : null}
      </div>
    </Link>
  );
}
