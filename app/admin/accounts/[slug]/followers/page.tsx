import Link from 'next/link';
import { getDb } from '@/db';
import { Written } from '@/components/ui/written';
import { Input } from '@/components/ui/input';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { listFollowers } from '@/lib/followers/list';
import { formatDateTime } from '@/lib/format';
import { citizenName } from '@/lib/inbox/display';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { listTags } from '@/lib/tags/list';
import { changeFollowerTags } from './actions';
import { BulkTagForm, TagChip } from './tag-controls';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('menuTags.followers.heading') };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const positive = (v: string) => (/^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

export default async function FollowersPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'followers.view');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const sp = await searchParams;
  const q = one(sp.q).slice(0, 100);
  const tags = await listTags(db, account.id);
  // A tag id of another account simply matches nobody here: the list is this account's only.
  const tagId = tags.find((tag) => tag.id === positive(one(sp.tag)))?.id;
  const before = positive(one(sp.before));
  const page = await listFollowers({ db, accountId: account.id, q, tagId, before });
  const m = (k: string) => t(`menuTags.followers.${k}` as MessageKey);
  const mayAssign = can(role, 'tags.assign') && tags.length > 0;
  const base = `/admin/accounts/${account.slug}/followers`;
  const query = (extra: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (tagId) p.set('tag', String(tagId));
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{m('heading')}</h1>
      <p className="text-slate-700">{m('intro')}</p>
      <form method="get" action={base} role="search" className="flex flex-wrap items-end gap-2">
        <label className="min-w-0 flex-[2_1_12rem]">
          <span className="block font-medium">{m('search')}</span>
          <span id="followers-q-hint" className="block text-sm text-slate-700">
            {m('searchHint')}
          </span>
          <Input type="search" name="q" defaultValue={q} aria-describedby="followers-q-hint" />
        </label>
        <label className="min-w-0 flex-[1_1_8rem]">
          <span className="block font-medium">{m('tagFilter')}</span>
          <select name="tag" defaultValue={tagId ? String(tagId) : ''} className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3">
            <option value="">{m('allTags')}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id} lang="zh-CN">
                {tag.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
          {m('apply')}
        </button>
      </form>
      {tags.length === 0 ? (
        <p className="text-sm text-slate-700">
          {m('noTagsYet')}{' '}
          {can(role, 'tags.manage') ? (
            <Link href={`/admin/accounts/${account.slug}/tags`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
              {t('menuTags.nav.tags')}
            </Link>
          ) : null}
        </p>
      ) : null}
      {mayAssign && page.rows.length > 0 ? (
        <BulkTagForm
          id="bulk-tags"
          action={changeFollowerTags}
          tags={tags.map((tag) => ({ id: tag.id, name: tag.name }))}
          copy={{
            heading: m('bulk'),
            tag: m('bulkTag'),
            add: m('add'),
            remove: m('remove'),
            working: m('working'),
            messages: { add: m('done.add'), remove: m('done.remove'), followerIds: m('error.followerIds'), invalid: m('error.followerIds') },
          }}
        />
      ) : null}
      {page.rows.length === 0 ? (
        <p className="rounded-xl bg-white p-4 text-slate-700 ring-1 ring-slate-200">{m('empty')}</p>
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {page.rows.map((f) => {
            const name = citizenName(f, t);
            return (
              <li key={f.id} className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
                <div className="flex items-start gap-3">
                  {mayAssign ? (
                    <label className="-m-2 inline-flex size-11 shrink-0 items-center justify-center">
                      <input type="checkbox" form="bulk-tags" name={`follower-${f.id}`} className="size-6" aria-label={t('menuTags.followers.select', { name })} />
                    </label>
                  ) : null}
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold">
                      <Written locale={locale}>{name}</Written>
                    </p>
                    <p className="truncate font-mono text-xs text-slate-600">{f.openid}</p>
                  </div>
                </div>
                <dl className="grid gap-1 text-sm text-slate-700">
                  <div>
                    <dt className="sr-only">{m('since')}</dt>
                    <dd>{f.subscribedAt ? t('menuTags.followers.since', { at: formatDateTime(f.subscribedAt, locale) }) : m('sinceUnknown')}</dd>
                  </div>
                  <div>
                    <dt className="sr-only">{m('lastMessage')}</dt>
                    <dd>{f.lastInboundAt ? t('menuTags.followers.lastMessage', { at: formatDateTime(f.lastInboundAt, locale) }) : m('noMessage')}</dd>
                  </div>
                  {f.source ? (
                    <div>
                      <dt className="sr-only">{m('source')}</dt>
                      <dd className="break-all">{t('menuTags.followers.source', { source: f.source })}</dd>
                    </div>
                  ) : null}
                </dl>
                <div className="flex flex-wrap gap-2" aria-label={t('menuTags.nav.tags')} role="group">
                  {f.tags.length === 0 ? <span className="text-sm text-slate-600">{m('noTags')}</span> : null}
                  {f.tags.map((tag) =>
                    can(role, 'tags.assign') ? (
                      <TagChip key={tag.id} action={changeFollowerTags} tagId={tag.id} followerId={f.id} name={tag.name} removeLabel={t('menuTags.followers.removeTag', { name, tag: tag.name })} />
                    ) : (
                      <span key={tag.id} lang="zh-CN" className="rounded-full bg-slate-100 px-3 py-1 text-sm ring-1 ring-slate-300">
                        {tag.name}
                      </span>
                    ),
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <nav aria-label={m('next')} className="flex flex-wrap gap-4">
        {before ? (
          <Link href={query({})} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
            {m('first')}
          </Link>
        ) : null}
        {page.next ? (
          <Link href={query({ before: page.next })} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline">
            {m('next')}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
