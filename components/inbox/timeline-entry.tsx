import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import type { TimelineEntry } from '@/lib/inbox/detail';
import type { Locale, Translate } from '@/lib/i18n/messages';
import type { PassiveReply } from '@/lib/wechat/reply';
import { MessageItem } from './message-item';

/**
 * One entry of the conversation history (lib/inbox/detail.ts). Each says in words what it is —
 * the citizen's name, an automatic reply or a command's answer, a staff reply with its author,
 * an internal note — so nothing depends on colour or side alone.
 */
export function TimelineEntryItem({
  entry,
  citizen,
  t,
  locale,
  children,
}: {
  entry: TimelineEntry;
  citizen: string;
  t: Translate;
  locale: Locale;
  /** Actions under a message (resend a staff reply, reveal a citizen's masked numbers). */
  children?: ReactNode;
}) {
  switch (entry.kind) {
    case 'citizen':
      return (
        <MessageItem message={entry.message} label={citizen} command={entry.command} t={t} locale={locale}>
          {children}
        </MessageItem>
      );
    case 'staff':
      return (
        <MessageItem message={entry.message} label={`${t('inbox.timeline.staff')} · ${entry.authorName ?? t('inbox.msg.staff')}`} t={t} locale={locale}>
          {children}
        </MessageItem>
      );
    case 'answer': {
      const at = entry.message.createdAt;
      return (
        <li id={`a-${entry.message.id}`} className="flex justify-end">
          <div className="max-w-[85%] min-w-0 rounded-2xl rounded-tr-sm bg-slate-100 px-4 py-2 text-slate-900 ring-1 ring-slate-300">
            <p className="mb-1 flex flex-wrap items-center gap-2 text-xs font-semibold text-slate-700">
              {entry.command ? (
                <>
                  <Badge tone="slate" className="bg-white text-xs">
                    {t('inbox.timeline.command')}
                  </Badge>
                  <span>{t('inbox.timeline.commandAnswer')}</span>
                </>
              ) : (
                <span>{t('inbox.timeline.auto')}</span>
              )}
            </p>
            <p className="whitespace-pre-wrap break-words">{replyText(entry.reply, t)}</p>
            <p className="mt-1 text-xs text-slate-600">
              <time dateTime={at.toISOString()}>{formatDateTime(at, locale)}</time>
            </p>
          </div>
        </li>
      );
    }
    case 'note':
      return (
        <li id={entry.key} className="flex justify-center">
          <div className="w-full max-w-[92%] min-w-0 rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 px-4 py-2 text-slate-900">
            <p className="mb-1 text-xs font-semibold text-amber-900">
              {t('inbox.timeline.note')}
            </p>
            <p className="whitespace-pre-wrap break-words">{entry.body}</p>
            <p className="mt-1 text-xs text-slate-700">
              {entry.authorName ?? t('inbox.msg.staff')} · <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, locale)}</time>
            </p>
          </div>
        </li>
      );
  }
}

/** The words of a passive reply; a news card shows its first title. */
function replyText(reply: PassiveReply, t: Translate): string {
  if (reply.type === 'text') return reply.content;
  if (reply.type === 'news') return reply.articles[0]?.title ?? t('inbox.timeline.replyOther', { type: reply.type });
  return t('inbox.timeline.replyOther', { type: reply.type });
}
