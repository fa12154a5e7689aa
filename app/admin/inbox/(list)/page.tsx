import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import type { Db } from '@/db/client';
import { getDb } from '@/db';
import { ConversationCard } from '@/components/inbox/conversation-card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { clientIpFrom } from '@/lib/auth/client-ip';
import type { Staff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { citizenName } from '@/lib/inbox/display';
import { inboxScope, loadInboxFor, type InboxQuery, type InboxScope } from '@/lib/inbox/inbox-page';
import { INBOX_SCOPES, INBOX_STATUSES } from '@/lib/inbox/list';
import { getTranslator } from '@/lib/i18n/server';
import { cn } from '@/lib/cn';
import { InboxLoading } from './inbox-loading';
import { maskPii } from '@/lib/privacy/pii';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return {
    title: t('inbox.heading'),
    // Added to a phone's home screen, the inbox opens full screen with its own icon (app/manifest.ts).
    appleWebApp: { capable: true, title: t('inbox.heading'), statusBarStyle: 'default' },
    icons: { apple: '/apple-touch-icon.png' },
  };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function hrefWith(query: InboxQuery, change: Partial<Record<keyof InboxQuery, string | number | undefined>>): string {
  const merged: Record<string, string | number | undefined> = { scope: query.scope, status: query.status, account: query.account, tag: query.tag, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/admin/inbox?${params.toString()}`;
}

export default async function InboxPage({ searchParams }: Props) {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const db = await getDb();
  // The access decision comes first and outside any Suspense boundary, so a foreign or unknown
  // `?account=` is a real 404 status: nothing has streamed yet (docs/reliability.md F1).
  const scope = await inboxScope({ db, staff, searchParams: await searchParams, ip: clientIpFrom(await headers()) });
  if (!scope) notFound();
  const { query } = scope;

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('inbox.heading')}</h1>

      <form role="search" action="/admin/inbox" className="flex gap-2">
        <label htmlFor="inbox-q" className="sr-only">
          {t('inbox.search.label')}
        </label>
        <Input id="inbox-q" name="q" type="search" defaultValue={query.q ?? ''} placeholder={t('inbox.search.placeholder')} enterKeyHint="search" />
        {query.account ? <input type="hidden" name="account" value={query.account} /> : null}
        <button type="submit" className="min-h-11 shrink-0 rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
          {t('inbox.search.submit')}
        </button>
      </form>

      {/* Keyed by the query, so another filter or page shows the skeleton again while it loads. */}
      <Suspense key={JSON.stringify(query)} fallback={<InboxLoading />}>
        <InboxResults db={db} staff={staff} scope={scope} t={t} locale={locale} />
      </Suspense>
    </div>
  );
}

type Translator = Awaited<ReturnType<typeof getTranslator>>;

/** The list or the search results, loaded inside the page's Suspense boundary. */
async function InboxResults({ db, staff, scope, t, locale }: { db: Db; staff: Staff; scope: InboxScope; t: Translator['t']; locale: Translator['locale'] }) {
  const inbox = await loadInboxFor({ db, staff, scope });
  const { query } = inbox;
  const filtered = query.scope !== 'all' || query.status !== 'active' || query.account || query.tag;
  const chip = (active: boolean) =>
    cn(
      'inline-flex min-h-11 shrink-0 items-center rounded-full px-4 text-base ring-1',
      active ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50',
    );

  return (
    <>
      {inbox.kind === 'list' ? (
        <>
          <nav aria-label={t('inbox.filters')} className="space-y-2">
            <div className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1">
              {INBOX_SCOPES.map((scope) => (
                <Link key={scope} href={hrefWith(query, { scope, cursor: undefined })} className={chip(query.scope === scope)} aria-current={query.scope === scope ? 'page' : undefined}>
                  {t(`inbox.scope.${scope}`)}
                </Link>
              ))}
            </div>
            <div className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1">
              {INBOX_STATUSES.map((status) => (
                <Link key={status} href={hrefWith(query, { status, cursor: undefined })} className={chip(query.status === status)} aria-current={query.status === status ? 'page' : undefined}>
                  {t(`inbox.status.${status}`)}
                </Link>
              ))}
            </div>
            {inbox.accounts.length > 1 || inbox.tags.length > 0 ? (
              <form action="/admin/inbox" className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="scope" value={query.scope} />
                <input type="hidden" name="status" value={query.status} />
                <label className="flex min-w-40 flex-1 flex-col text-sm">
                  {t('inbox.filter.account')}
                  <select name="account" defaultValue={query.account ?? ''} className="mt-1 min-h-11 rounded-lg border border-slate-300 bg-white px-2 text-base">
                    <option value="">{t('inbox.filter.allAccounts')}</option>
                    {inbox.accounts.map(({ account }) => (
                      <option key={account.id} value={account.slug}>
                        {account.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex min-w-32 flex-1 flex-col text-sm">
                  {t('inbox.filter.tag')}
                  <select name="tag" defaultValue={query.tag ? String(query.tag) : ''} className="mt-1 min-h-11 rounded-lg border border-slate-300 bg-white px-2 text-base">
                    <option value="">{t('inbox.filter.allTags')}</option>
                    {inbox.tags.map((tag) => (
                      <option key={tag.id} value={tag.id}>
                        {tag.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="min-h-11 rounded-lg px-4 ring-1 ring-slate-300 hover:bg-slate-50">
                  {t('inbox.filter.apply')}
                </button>
              </form>
            ) : null}
          </nav>

          {inbox.page.rows.length === 0 ? (
            <EmptyState>{filtered ? t('inbox.emptyFiltered') : t('inbox.empty')}</EmptyState>
          ) : (
            <ul className="space-y-2" aria-label={t('inbox.heading')}>
              {inbox.page.rows.map((row) => (
                <li key={row.id}>
                  <ConversationCard row={row} t={t} locale={locale} showAccount={inbox.accounts.length > 1} />
                </li>
              ))}
            </ul>
          )}
          {inbox.page.nextCursor ? (
            <Link href={hrefWith(query, { cursor: inbox.page.nextCursor })} className="flex min-h-11 items-center justify-center rounded-lg bg-white ring-1 ring-slate-300 hover:bg-slate-50">
              {t('inbox.more')}
            </Link>
          ) : null}
        </>
      ) : (
        <section aria-labelledby="search-heading" className="space-y-2">
          <div className="flex items-center justify-between gap-2">
            <h2 id="search-heading" className="text-lg font-semibold">
              {t('inbox.search.results', { q: query.q ?? '' })}
            </h2>
            <Link href="/admin/inbox" className="min-h-11 content-center underline">
              {t('inbox.search.clear')}
            </Link>
          </div>
          {inbox.page.rows.length === 0 ? (
            <EmptyState>{t('inbox.search.empty')}</EmptyState>
          ) : (
            <ul className="space-y-2">
              {inbox.page.rows.map((hit) => (
                <li key={hit.messageId}>
                  <Link href={`/admin/inbox/${hit.conversationId}#m-${hit.messageId}`} className="block rounded-xl bg-white p-4 ring-1 ring-slate-200 hover:ring-brand-600">
                    <div className="flex flex-wrap justify-between gap-2 text-sm text-slate-600">
                      <span>
                        {hit.accountName} · {citizenName(hit, t)}
                      </span>
                      <time dateTime={hit.createdAt.toISOString()}>{formatDateTime(hit.createdAt, locale)}</time>
                    </div>
                    {/* Citizen text is rendered as text, never as HTML (docs/reliability.md G3). */}
                    <p className="mt-1 line-clamp-3 whitespace-pre-wrap break-words">{maskPii(hit.content)}</p>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {inbox.page.nextCursor ? (
            <Link
              href={`/admin/inbox?${new URLSearchParams({ q: query.q ?? '', cursor: inbox.page.nextCursor, ...(query.account ? { account: query.account } : {}) }).toString()}`}
              className="flex min-h-11 items-center justify-center rounded-lg bg-white ring-1 ring-slate-300"
            >
              {t('inbox.more')}
            </Link>
          ) : null}
        </section>
      )}
    </>
  );
}
