import Link from 'next/link';
import { BroadcastStatusBadge } from '@/components/broadcasts/status-badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { getDb } from '@/db';
import { requireAccount } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { BROADCAST_STATUSES, countByStatus, listBroadcasts, ListFilters } from '@/lib/broadcasts/compose';
import { MSG_TYPES } from '@/lib/broadcasts/content';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { cn } from '@/lib/cn';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('bc.list.heading') };
}

const CHIP = 'inline-flex min-h-11 items-center rounded-full px-3 text-sm ring-1 ring-slate-300 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white aria-[current=page]:ring-brand-600';

export default async function BroadcastsPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'broadcasts.view');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const query = await searchParams;
  const filters = ListFilters.parse({ status: query.status, type: query.type });
  const [items, counts] = await Promise.all([listBroadcasts(db, account.id, filters), countByStatus(db, account.id)]);
  const base = `/admin/accounts/${account.slug}/broadcasts`;
  const href = (next: Partial<ListFilters>) => {
    const q = new URLSearchParams();
    const merged = { ...filters, ...next };
    if (merged.status) q.set('status', merged.status);
    if (merged.type) q.set('type', merged.type);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">{t('bc.list.heading')}</h1>
        <div className="flex flex-wrap gap-2">
          {can(role, 'broadcasts.review_settings') ? (
            <Link href={`${base}/review-settings`} className="inline-flex min-h-11 items-center rounded-lg px-4 font-medium ring-1 ring-slate-300 hover:bg-slate-50">
              {t('bc.list.settings')}
            </Link>
          ) : null}
          {can(role, 'broadcasts.compose') ? (
            <Link href={`${base}/new`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
              {t('bc.list.new')}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="text-slate-700">{t('bc.list.intro')}</p>
      <nav aria-label={t('bc.list.filterStatus')} className="flex flex-wrap gap-2">
        <Link href={href({ status: undefined })} aria-current={!filters.status ? 'page' : undefined} className={CHIP}>
          {t('bc.list.all')} ({total})
        </Link>
        {BROADCAST_STATUSES.filter((s) => counts[s] || s === filters.status).map((s) => (
          <Link key={s} href={href({ status: s })} aria-current={filters.status === s ? 'page' : undefined} className={CHIP}>
            {t(`bc.status.${s}`)} ({counts[s] ?? 0})
          </Link>
        ))}
      </nav>
      <nav aria-label={t('bc.list.filterType')} className="flex flex-wrap gap-2">
        <Link href={href({ type: undefined })} aria-current={!filters.type ? 'page' : undefined} className={CHIP}>
          {t('bc.list.all')}
        </Link>
        {MSG_TYPES.map((type) => (
          <Link key={type} href={href({ type })} aria-current={filters.type === type ? 'page' : undefined} className={CHIP}>
            {t(`bc.type.${type}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState>{total === 0 ? t('bc.list.empty') : t('bc.list.emptyFiltered')}</EmptyState>
      ) : (
        <ul className="space-y-2" data-testid="broadcasts">
          {items.map((b) => (
            <li key={b.id}>
              <Link href={`${base}/${b.id}`} className="block">
                <Card className="hover:ring-brand-600">
                  <div className="flex items-start justify-between gap-2">
                    <h2 className="min-w-0 break-words font-semibold">
                      <Written locale={locale}>{b.title}</Written>
                    </h2>
                    <BroadcastStatusBadge t={t} status={b.status} />
                  </div>
                  <p className={cn('mt-1 text-sm text-slate-700')}>
                    {MSG_TYPES.includes(b.msgType as never) ? t(`bc.type.${b.msgType as (typeof MSG_TYPES)[number]}`) : b.msgType}
                    {b.status === 'in_review' ? ` · ${t('bc.level', { n: b.reviewLevel, name: account.reviewLevels[b.reviewLevel - 1] ?? '' })}` : ''}
                    {b.authorName ? ` · ${t('bc.list.by', { name: b.authorName })}` : ''}
                  </p>
                  <p className="text-sm text-slate-700">{t('bc.list.updated', { at: formatDateTime(b.updatedAt, locale) })}</p>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
