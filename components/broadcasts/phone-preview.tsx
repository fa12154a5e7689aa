import { Fragment } from 'react';
import { bodyBlocks, inlineParts, type Article, type BroadcastContent } from '@/lib/broadcasts/content';
import type { BroadcastCopy } from './copy';

/**
 * The broadcast as a follower's phone shows it (the look of the WeChat simulator, app/dev/wechat):
 * the message in the chat, and for news each article opened as the reader would open it. Plain
 * React from parsed blocks, never HTML (docs/reliability.md G4). Pictures from hosts the admin's
 * CSP does not allow show their description instead, which is also what the check asks for.
 */
export function PhonePreview({ value, accountName, copy, lang }: { value: BroadcastContent | null; accountName: string; copy: BroadcastCopy; lang?: string }) {
  return (
    <figure aria-label={copy['bc.preview.label']} className="mx-auto w-full max-w-[360px]">
      <div className="overflow-hidden rounded-2xl bg-white shadow-lg ring-1 ring-slate-300 sm:rounded-[2rem] sm:border-[10px] sm:border-slate-900 sm:ring-0">
        <div className="flex min-h-12 items-center border-b border-slate-300 bg-[#ededed] px-3">
          <span lang={lang} className="min-w-0 truncate text-[17px] font-semibold">
            {accountName}
          </span>
        </div>
        <div className="space-y-3 bg-[#ededed] px-3 py-3" lang={lang}>
          {value ? <Message value={value} accountName={accountName} copy={copy} /> : <p className="py-6 text-center text-sm text-slate-700">{copy['bc.preview.empty']}</p>}
        </div>
      </div>
      <figcaption className="mt-2 text-center text-sm text-slate-700">{copy['bc.preview.caption']}</figcaption>
      {value?.msgType === 'news'
        ? value.content.articles.map((a, i) => (
            <details key={i} className="mt-3 rounded-xl bg-white ring-1 ring-slate-200">
              <summary className="flex min-h-11 cursor-pointer items-center px-4 font-medium">{fillIndex(copy['bc.preview.open'], i + 1)}</summary>
              <ArticleView article={a} accountName={accountName} lang={lang} readMore={copy['bc.preview.readMore']} />
            </details>
          ))
        : null}
    </figure>
  );
}

function fillIndex(text: string, n: number) {
  return text.replace('{n}', String(n));
}

function Avatar({ accountName }: { accountName: string }) {
  return (
    <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-md bg-brand-600 text-sm font-semibold text-white">
      {Array.from(accountName)[0]}
    </span>
  );
}

function Message({ value, accountName, copy }: { value: BroadcastContent; accountName: string; copy: BroadcastCopy }) {
  if (value.msgType === 'text') {
    return (
      <div className="flex items-start gap-2">
        <Avatar accountName={accountName} />
        <p className="min-w-0 max-w-[75%] whitespace-pre-wrap break-words rounded-md bg-white px-3 py-2 text-[15px] leading-relaxed text-slate-900">{value.content.text}</p>
      </div>
    );
  }
  if (value.msgType === 'image') {
    return (
      <div className="flex items-start gap-2">
        <Avatar accountName={accountName} />
        <Picture url={value.content.imageUrl} alt={value.content.alt} missing={copy['bc.preview.noAlt']} className="max-h-64 max-w-[75%] rounded-md" />
      </div>
    );
  }
  const [first, ...rest] = value.content.articles;
  return (
    <div className="mx-auto w-full overflow-hidden rounded-md bg-white text-slate-900">
      <div className="relative">
        <Picture url={first!.coverUrl} alt={first!.coverAlt} missing={copy['bc.preview.noAlt']} className="aspect-[2.35/1] w-full object-cover" />
        <p className="absolute inset-x-0 bottom-0 break-words bg-black/70 px-3 py-2 font-semibold leading-snug text-white">{first!.title}</p>
      </div>
      {rest.length === 0 && first!.digest ? <p className="px-3 py-2 text-sm text-slate-700">{first!.digest}</p> : null}
      {rest.map((a, i) => (
        <div key={i} className="flex items-center gap-3 border-t border-slate-200 px-3 py-2">
          <p className="min-w-0 flex-1 break-words text-[15px] leading-snug">{a.title}</p>
          <Picture url={a.coverUrl} alt={a.coverAlt} missing="" className="size-12 shrink-0 rounded object-cover" />
        </div>
      ))}
    </div>
  );
}

function Picture({ url, alt, missing, className }: { url: string; alt: string; missing: string; className?: string }) {
  return (
    // A plain <img>: the address is the author's, shown as WeChat will show it (next/image would proxy it).
    // eslint-disable-next-line @next/next/no-img-element -- see above
    <img src={url} alt={alt || missing} referrerPolicy="no-referrer" loading="lazy" className={`bg-slate-200 text-xs text-slate-700 ${className ?? ''}`} />
  );
}

function ArticleView({ article, accountName, lang, readMore }: { article: Article; accountName: string; lang?: string; readMore: string }) {
  return (
    <article lang={lang} className="space-y-3 px-4 pb-4 text-[17px] leading-relaxed text-slate-900">
      <h3 className="break-words text-xl font-bold leading-snug">{article.title}</h3>
      <p className="text-sm text-slate-700">
        {article.author ? `${article.author} · ` : ''}
        {accountName}
      </p>
      {bodyBlocks(article.body).map((block) =>
        block.type === 'image' ? (
          <Picture key={block.index} url={block.url} alt={block.alt} missing="" className="w-full rounded" />
        ) : (
          <p key={block.index} className="break-words">
            {inlineParts(block.text).map((part, i) =>
              part.type === 'link' ? (
                <a key={i} href={part.href} rel="noopener noreferrer nofollow" target="_blank" className="text-sky-800 underline">
                  {part.text}
                </a>
              ) : (
                <Fragment key={i}>{part.text}</Fragment>
              ),
            )}
          </p>
        ),
      )}
      {article.link ? (
        <a href={article.link} rel="noopener noreferrer nofollow" target="_blank" className="inline-flex min-h-11 items-center text-sky-800 underline">
          {readMore}
        </a>
      ) : null}
    </article>
  );
}
