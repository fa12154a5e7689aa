import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountCard } from '@/components/directory/account-card';
import { categoryLabel } from '@/components/directory/labels';
import { NeedMatches } from '@/components/directory/need-matches';
import { SearchForm } from '@/components/directory/search-form';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db';
import { loadDirectoryPage, DirectoryParams } from '@/lib/directory/directory-page';
import { getTranslator } from '@/lib/i18n/server';
import { env } from '@/lib/env';
import { regionName } from '@/lib/i18n/messages';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: { absolute: `${t('dir.meta.title')} · ${t('site.name')}` }, description: t('dir.meta.description') };
}

export default async function DirectoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, locale } = await getTranslator();
  const params = DirectoryParams.parse(await searchParams);
  const data = await loadDirectoryPage({ db: await getDb(), ...params });
  const { baseUrl, simulatorEnabled } = env();
  const filtered = Boolean(params.q || params.region || params.category);
  const pageQuery = (cursor?: string) => {
    const next = new URLSearchParams();
    if (params.q) next.set('q', params.q);
    if (params.region) next.set('region', params.region);
    if (params.category) next.set('category', params.category);
    if (cursor) next.set('cursor', cursor);
    return next.size ? `/?${next.toString()}` : '/';
  };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('home.heading')}</h1>
        <p className="mt-1 text-slate-700">{t('dir.intro')}</p>
      </div>
      <SearchForm
        q={params.q ?? ''}
        region={params.region ?? ''}
        category={params.category ?? ''}
        regions={data.regions
          .filter((r) => r.level !== 'province')
          .map((r) => ({ code: r.code, label: regionName(r, locale), indent: r.level === 'district' }))}
        categories={data.categories.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
        labels={{
          search: t('dir.search.label'),
          placeholder: t('dir.search.placeholder'),
          submit: t('dir.search.submit'),
          pending: t('dir.search.pending'),
          region: t('dir.filter.region'),
          allRegions: t('dir.filter.allRegions'),
          category: t('dir.filter.category'),
          allCategories: t('dir.filter.allCategories'),
        }}
      >
        <div className="space-y-6">
          {data.needs.length > 0 ? <NeedMatches matches={data.needs} t={t} locale={locale} baseUrl={baseUrl} simulatorEnabled={simulatorEnabled} /> : null}
          {/* A sentence answered by "what do I need" has no account named after it: skip the empty list. */}
          {data.needs.length > 0 && data.accounts.length === 0 && !data.invalidCursor ? null : (
          <section aria-labelledby="results-heading" className="space-y-3">
            <h2 id="results-heading" className="text-xl font-semibold">
              {params.q ? t('dir.results.searchHeading', { q: params.q }) : t('dir.results.heading')}
            </h2>
            {data.invalidCursor ? (
              <p>
                <Link href={pageQuery()} className="inline-flex min-h-11 items-center underline underline-offset-4">
                  {t('dir.results.first')}
                </Link>
              </p>
            ) : data.accounts.length === 0 ? (
              filtered ? (
                <div className="space-y-3 rounded-lg border border-dashed border-slate-300 p-4">
                  <p className="font-medium">{t('dir.empty.none', { q: params.q ?? '' })}</p>
                  <p className="text-slate-700">{t('dir.empty.tips')}</p>
                  {data.suggestions.length > 0 ? (
                    <p>
                      {t('dir.empty.didYouMean')}{' '}
                      {data.suggestions.map((s, i) => (
                        <span key={s.slug}>
                          {i > 0 ? t('punct.enum') : ''}
                          <Link href={`/accounts/${s.slug}`} className="inline-flex min-h-11 items-center font-semibold underline underline-offset-4">
                            {s.name}
                          </Link>
                        </span>
                      ))}
                    </p>
                  ) : null}
                  <nav aria-label={t('dir.empty.browse')}>
                    <p>{t('dir.empty.browse')}</p>
                    <ul className="mt-2 flex flex-wrap gap-2">
                      {data.categories.map((c) => (
                        <li key={c}>
                          <Link href={`/?category=${c}`} className="inline-flex min-h-11 items-center rounded-full px-3 ring-1 ring-slate-300 hover:bg-slate-50">
                            {categoryLabel(t, c)}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </nav>
                </div>
              ) : (
                <EmptyState>{t('dir.empty.directory')}</EmptyState>
              )
            ) : (
              <ul className="grid gap-3 sm:grid-cols-2">
                {data.accounts.map((account) => (
                  <li key={account.slug}>
                    <AccountCard account={account} lookalike={data.lookalikes.get(account.id)} t={t} locale={locale} />
                  </li>
                ))}
              </ul>
            )}
            {data.nextCursor ? (
              <p>
                <Link href={pageQuery(data.nextCursor)} className="inline-flex min-h-11 items-center underline underline-offset-4">
                  {t('dir.results.more')}
                </Link>
              </p>
            ) : null}
          </section>
          )}
        </div>
      </SearchForm>
      <p className="text-slate-700">
        {t('dir.verifyPrompt')}{' '}
        <Link href="/verify" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('dir.verifyPromptLink')}
        </Link>
      </p>
    </div>
  );
}
