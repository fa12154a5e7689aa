'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type { TimelineEntry } from '@/lib/wechat/simulator/app-data';
import { menuButtonName, type PhoneMenuButton } from '@/lib/wechat/simulator/phone-menu-view';
import { cn } from '@/lib/cn';
import { PhotoIcon, PinIcon } from './icons';
import { fill, type SimLabels } from './phone-data';

/** A line the phone shows before the server confirmed it (the citizen's own message, sending). */
export interface PendingLine {
  id: number;
  msgtype: string;
  payload: Record<string, unknown>;
}

interface Props {
  entries: TimelineEntry[];
  pending: PendingLine[];
  status: 'loading' | 'ready' | 'error';
  accountName: string;
  menu: PhoneMenuButton[];
  labels: SimLabels;
  locale: string;
  onRetry(): void;
}

type Payload = Record<string, unknown>;

const asPayload = (p: unknown): Payload => (p !== null && typeof p === 'object' ? (p as Payload) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
// Links in messages come from accounts and staff; only web links become clickable.
const webUrl = (v: unknown): string | undefined => (typeof v === 'string' && /^https?:\/\//i.test(v) ? v : undefined);

/** WeChat shows the time above a message when five minutes passed since the one before. */
const TIME_GAP_MS = 5 * 60_000;

export function ChatLog({ entries, pending, status, accountName, menu, labels, locale, onRetry }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = entries.length + pending.length;

  // New lines scroll into view, as on a phone.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const time = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  return (
    // The scrolling area is the log itself: role=log announces each new line once, aria-busy holds
    // it quiet until the first load, and tabIndex lets a keyboard user focus it to scroll back
    // through the chat with the arrow keys (WCAG 2.1.1; axe scrollable-region-focusable).
    <div
      ref={scroller}
      role="log"
      aria-label={fill(labels['sim.log'], { name: accountName })}
      aria-live="polite"
      aria-busy={status === 'loading'}
      tabIndex={0}
      className="flex-1 overflow-y-auto bg-[#ededed] px-3 py-3 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
    >
      {status === 'loading' && entries.length === 0 ? (
        <p role="status" className="py-8 text-center text-sm text-slate-600">
          {labels['sim.loading']}
        </p>
      ) : null}
      {status === 'error' ? (
        <div role="alert" className="mb-3 rounded-lg bg-red-50 p-3 text-center text-sm text-red-800 ring-1 ring-red-200">
          <p>{labels['sim.error']}</p>
          <button type="button" onClick={onRetry} className="mt-2 min-h-11 rounded-lg px-4 font-medium underline">
            {labels['sim.retry']}
          </button>
        </div>
      ) : null}
      {status === 'ready' && count === 0 ? <p className="py-8 text-center text-sm text-slate-600">{labels['sim.empty']}</p> : null}
      <ol className="space-y-3">
        {entries.map((entry, i) => {
          const previous = entries[i - 1];
          const showTime = !previous || entry.at - previous.at >= TIME_GAP_MS;
          return (
            <li key={entry.seq}>
              {showTime ? (
                <p className="mb-2 text-center text-xs text-slate-600">
                  <time dateTime={new Date(entry.at).toISOString()}>{time.format(entry.at)}</time>
                </p>
              ) : null}
              <Line entry={entry} accountName={accountName} menu={menu} labels={labels} />
            </li>
          );
        })}
        {pending.map((line) => (
          <li key={`pending-${line.id}`} aria-busy="true">
            <Bubble side="citizen" labels={labels} accountName={accountName} note={labels['sim.sending']} faded>
              <Content msgtype={line.msgtype} payload={line.payload} labels={labels} />
            </Bubble>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Line({ entry, accountName, menu, labels }: { entry: TimelineEntry; accountName: string; menu: PhoneMenuButton[]; labels: SimLabels }) {
  const payload = asPayload(entry.payload);
  if (entry.via === 'citizen' && entry.msgtype === 'event') {
    return <Notice>{eventText(payload, accountName, menu, labels)}</Notice>;
  }
  if (entry.via === 'system') {
    return <Notice tone="warn">{labels['sim.notice.unavailable']}</Notice>;
  }
  if (entry.via === 'citizen') {
    return (
      <Bubble side="citizen" labels={labels} accountName={accountName}>
        <Content msgtype={entry.msgtype} payload={payload} labels={labels} />
      </Bubble>
    );
  }
  const deleted = 'deleted' in entry && entry.deleted === true;
  return (
    <Bubble side="account" labels={labels} accountName={accountName} note={labels[`sim.via.${entry.via}`]} card={entry.msgtype === 'news' && !deleted}>
      {deleted ? <span className="italic text-slate-600">{labels['sim.deleted']}</span> : <Content msgtype={entry.msgtype} payload={payload} labels={labels} />}
    </Bubble>
  );
}

function eventText(payload: Payload, accountName: string, menu: PhoneMenuButton[], labels: SimLabels): string {
  const scene = str(payload.scene);
  switch (payload.event) {
    case 'subscribe':
      return scene ? fill(labels['sim.event.subscribeScene'], { name: accountName, scene }) : fill(labels['sim.event.subscribe'], { name: accountName });
    case 'unsubscribe':
      return fill(labels['sim.event.unsubscribe'], { name: accountName });
    case 'SCAN':
      return fill(labels['sim.event.scan'], { scene });
    case 'CLICK':
      return fill(labels['sim.event.click'], { name: menuButtonName(menu, str(payload.key)) ?? str(payload.key) });
    case 'VIEW':
      return fill(labels['sim.event.view'], { url: str(payload.url) });
    default:
      return str(payload.event);
  }
}

function Notice({ children, tone = 'plain' }: { children: ReactNode; tone?: 'plain' | 'warn' }) {
  return (
    <p className="text-center">
      <span className={cn('inline-block max-w-[85%] break-words rounded px-2 py-1 text-xs', tone === 'warn' ? 'bg-amber-100 text-amber-900' : 'bg-black/5 text-slate-600')}>
        {children}
      </span>
    </p>
  );
}

function Avatar({ side, accountName, labels }: { side: 'citizen' | 'account'; accountName: string; labels: SimLabels }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-9 shrink-0 items-center justify-center rounded-md text-sm font-semibold text-white',
        side === 'account' ? 'bg-brand-600' : 'bg-sky-600',
      )}
    >
      {side === 'account' ? Array.from(accountName)[0] : labels['sim.me']}
    </span>
  );
}

function Bubble(props: {
  side: 'citizen' | 'account';
  accountName: string;
  labels: SimLabels;
  note?: string;
  faded?: boolean;
  card?: boolean;
  children: ReactNode;
}) {
  const { side, note, faded, card, children } = props;
  const mine = side === 'citizen';
  return (
    <div className={cn('flex items-start gap-2', mine && 'flex-row-reverse', faded && 'opacity-60')}>
      <Avatar side={side} accountName={props.accountName} labels={props.labels} />
      <div className={cn('flex min-w-0 max-w-[75%] flex-col', mine ? 'items-end' : 'items-start')}>
        {/* Screen readers hear who spoke; the layout already shows it. */}
        <span className="sr-only">{mine ? props.labels['sim.me'] : props.accountName}: </span>
        <div
          className={cn(
            'min-w-0 max-w-full whitespace-pre-wrap break-words rounded-md text-[15px] leading-relaxed text-slate-900',
            card ? 'w-64 bg-white p-0' : 'px-3 py-2',
            !card && (mine ? 'bg-[#95ec69]' : 'bg-white'),
          )}
        >
          {children}
        </div>
        {note ? <span className="mt-0.5 text-[11px] text-slate-600">{note}</span> : null}
      </div>
    </div>
  );
}

function Content({ msgtype, payload, labels }: { msgtype: string; payload: Payload; labels: SimLabels }) {
  switch (msgtype) {
    case 'text':
      return <>{str(payload.content)}</>;
    case 'location':
      return (
        <span className="block">
          <PinIcon className="mr-1 size-4 text-red-600" />
          {str(payload.label) || labels['sim.kind.location']}
          <span className="block text-xs text-slate-600">
            {str(payload.latitude)}, {str(payload.longitude)}
          </span>
        </span>
      );
    case 'news':
      return <NewsCard articles={Array.isArray(payload.articles) ? payload.articles.map(asPayload) : []} labels={labels} />;
    case 'template':
      return <TemplateCard payload={payload} />;
    case 'image':
      return (
        <span className="flex items-center gap-1 text-slate-600">
          <PhotoIcon className="size-5" />
          {labels['sim.kind.image']}
        </span>
      );
    case 'voice':
    case 'video':
    case 'music':
    case 'mpnews':
      return <span className="text-slate-600">{labels[`sim.kind.${msgtype}`]}</span>;
    default:
      return <span className="text-slate-600">{fill(labels['sim.kind.other'], { type: msgtype })}</span>;
  }
}

function NewsCard({ articles, labels }: { articles: Payload[]; labels: SimLabels }) {
  return (
    <span className="block divide-y divide-slate-200 whitespace-normal">
      {articles.map((article, i) => {
        const url = webUrl(article.url);
        return (
          <span key={i} className="block p-3">
            <span className="block font-semibold leading-snug">{str(article.title)}</span>
            {article.description ? <span className="mt-1 block text-sm text-slate-600">{str(article.description)}</span> : null}
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer" className="mt-2 inline-block text-sm text-sky-700 underline">
                {labels['sim.readMore']}
              </a>
            ) : null}
          </span>
        );
      })}
    </span>
  );
}

/** Template messages show their data lines ({key: {value}}) as WeChat's card does. */
function TemplateCard({ payload }: { payload: Payload }) {
  const data = asPayload(payload.data);
  return (
    <span className="block text-sm">
      {Object.entries(data).map(([key, value]) => (
        <span key={key} className="block">
          <span className="text-slate-600">{key}: </span>
          {str(asPayload(value).value)}
        </span>
      ))}
    </span>
  );
}
