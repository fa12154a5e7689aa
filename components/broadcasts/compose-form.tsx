'use client';

import { startTransition, useActionState, useState, type FormEvent } from 'react';
import type { ActionState } from '@/app/admin/run-command';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { EMPTY_ARTICLE, LIMITS, type Article, type BroadcastContent, type MsgType } from '@/lib/broadcasts/content';
import { cn } from '@/lib/cn';
import { fill, type BroadcastCopy } from './copy';
import { PhonePreview } from './phone-preview';

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export interface ComposeValues {
  title: string;
  msgType: MsgType;
  text: string;
  imageUrl: string;
  alt: string;
  articles: Article[];
}

const TEXTAREA = 'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus:border-brand-600';

/**
 * Write a text, a picture or up to eight news articles, with the phone preview beside it
 * (docs/broadcasts.md "Compose"). Field names are the content's paths (`articles.0.title`), so the
 * server's errors land on their own field; what was typed stays after an error.
 */
export function ComposeForm({
  action,
  hidden,
  initial,
  copy,
  accountName,
  events,
  submitLabel,
}: {
  action: Action;
  hidden: Record<string, string>;
  initial: ComposeValues;
  copy: BroadcastCopy;
  accountName: string;
  /** The account's published events an article may link to, with their full address. */
  events: Array<{ href: string; title: string }>;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [v, setV] = useState<ComposeValues>(initial);
  const errors = state.fieldErrors ?? {};
  const err = (name: string) => (errors[name]?.length ? (copy[`bc.error.${name.replace(/^articles\.\d\./, 'article.')}` as keyof BroadcastCopy] ?? copy['bc.error.field']) : null);
  const set = <K extends keyof ComposeValues>(key: K, value: ComposeValues[K]) => setV((old) => ({ ...old, [key]: value }));
  const setArticle = (i: number, patch: Partial<Article>) => setV((old) => ({ ...old, articles: old.articles.map((a, j) => (j === i ? { ...a, ...patch } : a)) }));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  };
  const firstError = Object.keys(errors)[0];
  const result = pending ? '' : state.ok ? copy[`bc.result.${state.code}` as keyof BroadcastCopy] ?? copy['bc.result.saved'] : firstError ? copy['bc.result.invalid'] : state.code ? (copy[`bc.result.${state.code}` as keyof BroadcastCopy] ?? copy['bc.result.error']) : '';
  const preview = previewOf(v);
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_360px]">
      <form onSubmit={onSubmit} noValidate className="min-w-0 space-y-4" aria-label={copy['bc.compose.formLabel']}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <fieldset className="space-y-2">
          <legend className="font-medium">{copy['bc.field.msgType']}</legend>
          <div className="flex flex-wrap gap-2">
            {(['news', 'text', 'image'] as const).map((type) => (
              <label key={type} className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-lg px-3 ring-1 ring-slate-300 has-[:checked]:bg-brand-50 has-[:checked]:ring-brand-600">
                <input type="radio" name="msgType" value={type} checked={v.msgType === type} onChange={() => set('msgType', type)} className="size-5" />
                {copy[`bc.type.${type}`]}
              </label>
            ))}
          </div>
        </fieldset>
        <Field id="bc-title" label={copy['bc.field.title']} hint={copy['bc.help.title']} error={err('title')}>
          {(control) => <Input {...control} name="title" value={v.title} maxLength={LIMITS.title} onChange={(e) => set('title', e.target.value)} />}
        </Field>
        {v.msgType === 'text' ? (
          <Field id="bc-text" label={copy['bc.field.text']} hint={fill(copy['bc.help.text'], { n: LIMITS.text })} error={err('text')}>
            {(control) => <textarea {...control} name="text" rows={8} value={v.text} maxLength={LIMITS.text} onChange={(e) => set('text', e.target.value)} className={TEXTAREA} />}
          </Field>
        ) : null}
        {v.msgType === 'image' ? (
          <>
            <Field id="bc-image" label={copy['bc.field.imageUrl']} hint={copy['bc.help.imageUrl']} error={err('imageUrl')}>
              {(control) => <Input {...control} name="imageUrl" type="url" inputMode="url" value={v.imageUrl} onChange={(e) => set('imageUrl', e.target.value)} />}
            </Field>
            <Field id="bc-alt" label={copy['bc.field.alt']} hint={copy['bc.help.alt']} error={err('alt')}>
              {(control) => <Input {...control} name="alt" value={v.alt} maxLength={LIMITS.alt} onChange={(e) => set('alt', e.target.value)} />}
            </Field>
          </>
        ) : null}
        {v.msgType === 'news' ? (
          <div className="space-y-4">
            {v.articles.map((a, i) => (
              <ArticleFields key={i} index={i} article={a} count={v.articles.length} copy={copy} err={err} events={events} onChange={(patch) => setArticle(i, patch)} onRemove={() => setV((old) => ({ ...old, articles: old.articles.filter((_, j) => j !== i) }))} />
            ))}
            {v.articles.length < LIMITS.articles ? (
              <Button type="button" variant="secondary" onClick={() => setV((old) => ({ ...old, articles: [...old.articles, { ...EMPTY_ARTICLE }] }))}>
                {fill(copy['bc.article.add'], { n: v.articles.length, max: LIMITS.articles })}
              </Button>
            ) : (
              <p className="text-sm text-slate-700">{fill(copy['bc.article.max'], { max: LIMITS.articles })}</p>
            )}
            {err('articles') ? <p className="text-sm font-medium text-red-700">{err('articles')}</p> : null}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending} aria-disabled={pending}>
            {pending ? copy['bc.action.saving'] : submitLabel}
          </Button>
          <p aria-live="polite" className={cn('min-h-5 text-sm', state.ok ? 'text-brand-700' : 'text-red-700')}>
            {result}
          </p>
        </div>
      </form>
      <div className="min-w-0">
        <h2 className="mb-2 text-lg font-semibold">{copy['bc.preview.heading']}</h2>
        <PhonePreview value={preview} accountName={accountName} copy={copy} />
      </div>
    </div>
  );
}

/** What the phone would show for what is typed so far (the server validates on save). */
function previewOf(v: ComposeValues): BroadcastContent | null {
  if (v.msgType === 'text') return v.text.trim() ? { msgType: 'text', content: { text: v.text } } : null;
  if (v.msgType === 'image') return v.imageUrl.trim() ? { msgType: 'image', content: { imageUrl: v.imageUrl, alt: v.alt } } : null;
  const articles = v.articles.filter((a) => a.title.trim() || a.body.trim());
  return articles.length ? { msgType: 'news', content: { articles } } : null;
}

function ArticleFields({
  index,
  article,
  count,
  copy,
  err,
  events,
  onChange,
  onRemove,
}: {
  index: number;
  article: Article;
  count: number;
  copy: BroadcastCopy;
  err: (name: string) => string | null;
  events: Array<{ href: string; title: string }>;
  onChange: (patch: Partial<Article>) => void;
  onRemove: () => void;
}) {
  const name = (f: keyof Article) => `articles.${index}.${f}`;
  const id = (f: keyof Article) => `bc-a${index}-${f}`;
  const text = (f: 'title' | 'author' | 'digest' | 'coverUrl' | 'coverAlt', max: number, type = 'text') => (
    <Field id={id(f)} label={copy[`bc.article.${f}`]} hint={copy[`bc.help.article.${f}`]} error={err(name(f))}>
      {(control) => <Input {...control} name={name(f)} type={type} value={article[f]} maxLength={max} onChange={(e) => onChange({ [f]: e.target.value })} />}
    </Field>
  );
  return (
    <fieldset className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="article-fields">
      <legend className="px-1 font-semibold">{fill(copy['bc.article.legend'], { n: index + 1 })}</legend>
      {text('title', LIMITS.title)}
      {text('author', LIMITS.author)}
      {text('digest', LIMITS.digest)}
      {text('coverUrl', LIMITS.url, 'url')}
      {text('coverAlt', LIMITS.alt)}
      <Field id={id('body')} label={copy['bc.article.body']} hint={copy['bc.help.article.body']} error={err(name('body'))}>
        {(control) => <textarea {...control} name={name('body')} rows={10} value={article.body} maxLength={LIMITS.body} onChange={(e) => onChange({ body: e.target.value })} className={TEXTAREA} />}
      </Field>
      <Field id={id('link')} label={copy['bc.article.link']} hint={copy['bc.help.article.link']} error={err(name('link'))}>
        {(control) => <Input {...control} name={name('link')} type="url" inputMode="url" value={article.link ?? ''} onChange={(e) => onChange({ link: e.target.value })} />}
      </Field>
      {events.length > 0 ? (
        <div>
          <label htmlFor={`bc-a${index}-event`} className="block text-sm font-medium">
            {copy['bc.article.event']}
          </label>
          <select
            id={`bc-a${index}-event`}
            value={events.some((e) => e.href === article.link) ? (article.link ?? '') : ''}
            onChange={(e) => onChange({ link: e.target.value || null })}
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-base"
          >
            <option value="">{copy['bc.article.noEvent']}</option>
            {events.map((e) => (
              <option key={e.href} value={e.href}>
                {e.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {count > 1 ? (
        <Button type="button" variant="ghost" onClick={onRemove}>
          {fill(copy['bc.article.remove'], { n: index + 1 })}
        </Button>
      ) : null}
    </fieldset>
  );
}
