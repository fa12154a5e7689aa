import type { ReactNode } from 'react';
import type { Message } from '@/db/schema';
import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import type { Locale, Translate } from '@/lib/i18n/messages';
import { cn } from '@/lib/cn';

type Fields = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Only http(s) links are ever made clickable (docs/reliability.md G3: no javascript: URLs). */
function safeUrl(value: unknown): string | null {
  const text = str(value).trim();
  return /^https?:\/\//i.test(text) ? text : null;
}

/**
 * One message of the history. Everything the citizen sent is rendered as React text nodes —
 * never as HTML — so markup in a message is shown, not run.
 */
export function MessageItem({
  message,
  label,
  command = false,
  t,
  locale,
  children,
}: {
  message: Message;
  /** Who it is from, in words: the citizen's name, or "staff reply · name" (not colour alone). */
  label: string;
  /** A keyword command (报名 12): answered automatically, not a question for staff. */
  command?: boolean;
  t: Translate;
  locale: Locale;
  /** Actions under an outbound message (resend). */
  children?: ReactNode;
}) {
  const inbound = message.direction === 'inbound';
  const f = (message.payload ?? {}) as Fields;
  const isEvent = message.msgType === 'event';
  const at = message.wechatCreatedAt ?? message.createdAt;
  if (isEvent || message.msgType === 'referral') {
    return (
      <li id={`m-${message.id}`} className="flex justify-center">
        <p className="max-w-[90%] rounded-full bg-slate-200 px-3 py-1 text-center text-sm text-slate-700">
          {label} · {describeEvent(message, f, t)} · <time dateTime={at.toISOString()}>{formatDateTime(at, locale)}</time>
        </p>
      </li>
    );
  }
  return (
    <li id={`m-${message.id}`} className={cn('flex', inbound ? 'justify-start' : 'justify-end')}>
      <div className={cn('max-w-[85%] min-w-0 rounded-2xl px-4 py-2 shadow-sm', inbound ? 'rounded-tl-sm bg-white ring-1 ring-slate-200' : 'rounded-tr-sm bg-brand-600 text-white')}>
        <p className={cn('mb-1 flex flex-wrap items-center gap-2 text-xs font-semibold', inbound ? 'text-slate-700' : 'text-white')}>
          <span className="break-words">{label}</span>
          {command ? (
            <Badge tone="slate" className="text-xs">
              {t('inbox.timeline.command')}
            </Badge>
          ) : null}
        </p>
        <Body message={message} f={f} t={t} inbound={inbound} />
        <div className={cn('mt-1 flex flex-wrap items-center gap-x-2 text-xs', inbound ? 'text-slate-600' : 'text-brand-50')}>
          <time dateTime={at.toISOString()}>{formatDateTime(at, locale)}</time>
        </div>
        {!inbound ? <Delivery message={message} t={t} /> : null}
        {children}
      </div>
    </li>
  );
}

function Body({ message, f, t, inbound }: { message: Message; f: Fields; t: Translate; inbound: boolean }) {
  switch (message.msgType) {
    case 'text':
      return <p className="whitespace-pre-wrap break-words">{inbound ? str(f.Content) : (message.content ?? '')}</p>;
    case 'image': {
      const src = safeUrl(f.PicUrl);
      return (
        <div>
          <p className="text-sm font-medium">{t('inbox.msg.image')}</p>
          {src ? (
            // WeChat's own image host; not proxied, so no referrer leaves the admin.
            // eslint-disable-next-line @next/next/no-img-element -- external WeChat media URL, size unknown
            <img src={src} alt={t('inbox.msg.image')} referrerPolicy="no-referrer" loading="lazy" className="mt-1 max-h-60 rounded-lg" />
          ) : null}
        </div>
      );
    }
    case 'voice':
      return (
        <p className="whitespace-pre-wrap break-words">
          {t('inbox.msg.voice')} · {f.Recognition ? `${t('inbox.msg.voiceText')}${str(f.Recognition)}` : t('inbox.msg.voiceNoText')}
        </p>
      );
    case 'video':
    case 'shortvideo':
      return <p>{t('inbox.msg.video')}</p>;
    case 'location': {
      const lat = Number(f.Location_X);
      const lon = Number(f.Location_Y);
      const ok = Number.isFinite(lat) && Number.isFinite(lon);
      return (
        <div>
          <p className="text-sm font-medium">{t('inbox.msg.location')}</p>
          {str(f.Label) ? <p className="break-words">{str(f.Label)}</p> : null}
          {ok ? (
            <p className="font-mono text-sm">
              {lat.toFixed(5)}, {lon.toFixed(5)} ·{' '}
              <a
                className="underline"
                href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`}
                target="_blank"
                rel="noopener noreferrer nofollow"
              >
                {t('inbox.msg.openMap')}
              </a>
            </p>
          ) : null}
        </div>
      );
    }
    case 'link': {
      const href = safeUrl(f.Url);
      return (
        <div className="rounded-lg bg-slate-50 p-2 text-slate-900 ring-1 ring-slate-200">
          <p className="text-xs text-slate-600">{t('inbox.msg.link')}</p>
          <p className="font-medium break-words">{str(f.Title)}</p>
          {str(f.Description) ? <p className="text-sm break-words">{str(f.Description)}</p> : null}
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-sm break-all underline">
              {href}
            </a>
          ) : (
            <p className="text-sm break-all">{str(f.Url)}</p>
          )}
        </div>
      );
    }
    case 'news': {
      const article = ((f.news as Fields | undefined)?.articles as Fields[] | undefined)?.[0] ?? {};
      return (
        <div>
          <p className="text-xs opacity-80">{t('inbox.msg.card')}</p>
          <p className="font-medium break-words">{str(article.title)}</p>
          {str(article.description) ? <p className="text-sm break-words">{str(article.description)}</p> : null}
        </div>
      );
    }
    default:
      return <p>{t('inbox.msg.other', { type: message.msgType })}</p>;
  }
}

function describeEvent(message: Message, f: Fields, t: Translate): string {
  if (message.msgType === 'referral') return t('inbox.msg.referral', { from: str(f.fromAccount) });
  switch (message.event) {
    case 'subscribe':
      return t('inbox.msg.subscribe');
    case 'unsubscribe':
      return t('inbox.msg.unsubscribe');
    case 'SCAN':
      return t('inbox.msg.scan');
    case 'CLICK':
      return `${t('inbox.msg.click')}: ${str(f.EventKey)}`;
    case 'VIEW':
      return `${t('inbox.msg.view')}: ${str(f.EventKey)}`;
    default:
      return t('inbox.msg.other', { type: message.event ?? message.msgType });
  }
}

/** Delivery state of an outbound message, with WeChat's refusal in plain words. */
export function errorText(code: string | null, t: Translate): string | null {
  if (!code) return null;
  const known = ['45015', '45047', '40003', '43004', '48001', '45009', '-1', 'network', 'unknown_outcome'] as const;
  if ((known as readonly string[]).includes(code)) return t(`inbox.error.${code as (typeof known)[number]}`);
  if (code.startsWith('http_')) return t('inbox.error.network');
  return t('inbox.error.other', { code });
}

function Delivery({ message, t }: { message: Message; t: Translate }) {
  const state = message.deliveryState;
  if (!state) return null;
  const via = (message.payload as { via?: string } | null)?.via;
  const retrying = state === 'queued' && message.deliveryError !== null;
  const label =
    state === 'sent' && via === 'passive'
      ? t('inbox.delivery.sentPassive')
      : retrying
        ? t('inbox.delivery.retrying')
        : t(`inbox.delivery.${state}`);
  const tone = state === 'failed' || state === 'unknown' ? 'red' : state === 'sent' ? 'green' : 'amber';
  const error = state === 'sent' ? null : errorText(message.deliveryError, t);
  return (
    <div className="mt-1 space-y-1">
      <Badge tone={tone} className="text-xs">
        {label}
      </Badge>
      {error ? <p className="rounded bg-white/90 p-1 text-xs text-slate-800">{error}</p> : null}
    </div>
  );
}
