import Link from 'next/link';
import { getDb } from '@/db';
import { ActionForm } from '@/components/inbox/action-form';
import { Badge } from '@/components/ui/badge';
import { Written } from '@/components/ui/written';
import { requireAccount } from '@/lib/auth/session';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { MAX_TAGS_PER_ACCOUNT } from '@/lib/tags/limits';
import { listTags } from '@/lib/tags/list';
import { createTag, deleteTag, updateTag } from './actions';
import { TagForm, type TagFormCopy } from './tag-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('menuTags.tags.heading') };
}

export default async function TagsPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'tags.manage');
  const { t, locale } = await getTranslator();
  const tags = await listTags(await getDb(), account.id);
  const m = (k: string) => t(`menuTags.tags.${k}` as MessageKey);
  const full = tags.length >= MAX_TAGS_PER_ACCOUNT;
  const messages = Object.fromEntries(['created', 'saved', 'deleted'].map((c) => [c, m(`done.${c}`)]).concat(['exists', 'limit', 'too_long', 'required'].map((c) => [c, m(`error.${c}`)])));
  const formCopy = (submit: string, pending: string): TagFormCopy => ({
    name: m('name'),
    nameHint: m('nameHint'),
    selfService: m('selfService'),
    selfServiceHint: m('selfServiceHint'),
    submit,
    pending,
    messages,
  });
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{m('heading')}</h1>
      <p className="text-slate-700">{m('intro')}</p>
      <p className="font-medium" id="tag-count">
        {t('menuTags.tags.count', { n: tags.length, max: MAX_TAGS_PER_ACCOUNT })}
      </p>
      {full ? <p className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300">{m('full')}</p> : null}
      <section aria-labelledby="tag-new" className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 id="tag-new" className="mb-2 text-lg font-semibold">
          {m('new')}
        </h2>
        <TagForm action={createTag} idPrefix="tag-new" hidden={{ account: account.slug }} values={{ name: '', selfService: false }} copy={formCopy(m('create'), m('creating'))} disabled={full} />
      </section>
      {tags.length === 0 ? (
        <p className="text-slate-700">{m('empty')}</p>
      ) : (
        <ul className="space-y-3">
          {tags.map((tag) => (
            <li key={tag.id} className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold">
                  <Written locale={locale}>{tag.name}</Written>
                </h2>
                <Badge>{t('menuTags.tags.members', { n: tag.members })}</Badge>
                {tag.selfService ? <Badge tone="green">{m('selfServiceBadge')}</Badge> : null}
                {tag.mirrored ? null : <Badge tone="slate">{m('pending')}</Badge>}
              </div>
              {tag.selfService ? <p className="text-sm text-slate-700">{t('menuTags.tags.keyword', { name: tag.name })}</p> : null}
              <details>
                <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-brand-700 underline underline-offset-4">{t('menuTags.tags.edit', { name: tag.name })}</summary>
                <div className="mt-2 space-y-3">
                  <TagForm action={updateTag} idPrefix={`tag-${tag.id}`} hidden={{ tagId: String(tag.id) }} values={{ name: tag.name, selfService: tag.selfService }} copy={formCopy(m('save'), m('saving'))} />
                  <ActionForm action={deleteTag} submitLabel={t('menuTags.tags.deleteNamed', { name: tag.name })} pendingLabel={m('saving')} messages={messages}>
                    <input type="hidden" name="tagId" value={tag.id} />
                  </ActionForm>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
