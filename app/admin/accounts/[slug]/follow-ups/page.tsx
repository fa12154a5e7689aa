import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { requireAccount } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { citizenName } from '@/lib/inbox/display';
import { getTranslator } from '@/lib/i18n/server';
import { listFollowUps, type FollowUpRow } from '@/lib/service/follow-ups';
import { CloseFollowUpForm } from './close-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('service.followUps.heading') };
}

/** Call-backs after a rating of 1 or 2, open ones first, overdue marked (docs/citizen-service.md). */
export default async function FollowUpsPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'service.follow_ups');
  const { t, locale } = await getTranslator();
  const rows = await listFollowUps({ db: await getDb(), accountId: account.id });
  const open = rows.filter((r) => r.status === 'open');
  const closed = rows.filter((r) => r.status === 'closed');
  const copy = {
    outcome: t('service.followUps.outcome'),
    outcomeHint: t('service.followUps.outcomeHint'),
    outcomeRequired: t('service.followUps.outcomeRequired'),
    close: t('service.followUps.close'),
    closing: t('service.followUps.closing'),
    closed: t('service.followUps.closed'),
    alreadyClosed: t('service.followUps.alreadyClosed'),
  };
  const details = (r: FollowUpRow) => (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      <dt className="text-slate-600">{t('service.caseNumber')}</dt>
      <dd className="font-mono">{r.caseNumber ?? '—'}</dd>
      <dt className="text-slate-600">{t('service.followUps.citizen')}</dt>
      <dd>
        <Written locale={locale}>{citizenName(r.citizen, t)}</Written>
      </dd>
      <dt className="text-slate-600">{t('service.followUps.phone')}</dt>
      <dd>{r.citizen.phone ?? t('service.followUps.noPhone')}</dd>
      <dt className="text-slate-600">{t('service.followUps.rating')}</dt>
      <dd>{t('service.rating.value', { rating: r.rating })}</dd>
      <dt className="text-slate-600">{t('service.followUps.due')}</dt>
      <dd className={r.overdue ? 'font-semibold text-red-800' : undefined}>
        <time dateTime={r.dueAt.toISOString()}>{formatDateTime(r.dueAt, locale)}</time>
      </dd>
    </dl>
  );
  return (
    <div className="space-y-4" data-testid="follow-ups-page">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('service.followUps.heading')}</h1>
      <p className="text-slate-700">{t('service.followUps.intro')}</p>
      <section aria-labelledby="open-heading" className="space-y-3">
        <h2 id="open-heading" className="text-xl font-semibold">
          {t('service.followUps.openHeading')}
        </h2>
        {open.length === 0 ? (
          <EmptyState>{t('service.followUps.empty')}</EmptyState>
        ) : (
          <ul className="space-y-3" data-testid="follow-ups-open">
            {open.map((r) => (
              <li key={r.id}>
                <Card className={r.overdue ? 'space-y-3 ring-2 ring-red-600' : 'space-y-3'}>
                  {r.overdue ? <Badge tone="red">{t('service.followUps.overdue')}</Badge> : null}
                  {details(r)}
                  <Link href={`/admin/inbox/${r.conversationId}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
                    {t('service.followUps.conversation')}
                  </Link>
                  <CloseFollowUpForm taskId={r.id} slug={account.slug} copy={copy} />
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      {closed.length > 0 ? (
        <section aria-labelledby="closed-heading" className="space-y-3">
          <h2 id="closed-heading" className="text-xl font-semibold">
            {t('service.followUps.closedHeading')}
          </h2>
          <ul className="space-y-3" data-testid="follow-ups-closed">
            {closed.map((r) => (
              <li key={r.id}>
                <Card className="space-y-2">
                  {details(r)}
                  <p className="whitespace-pre-wrap break-words text-sm">
                    <Written locale={locale}>{r.outcome ?? ''}</Written>
                  </p>
                  {r.closedAt ? <p className="text-sm text-slate-600">{t('service.followUps.closedBy', { name: r.closedByName ?? '—', at: formatDateTime(r.closedAt, locale) })}</p> : null}
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
