import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireAccount } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import { isRecordsKey } from '@/lib/i18n/dict/records';
import { getTranslator } from '@/lib/i18n/server';
import { listQuarantined, QUARANTINE_PREVIEW_CHARS } from '@/lib/inbox/quarantine';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('records.quarantine.heading') };
}

export default async function QuarantinePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { account, staff } = await requireAccount(slug, 'quarantine.view');
  const { t, locale } = await getTranslator();
  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  const result = await listQuarantined({ db: await getDb(), staff, slug, before, ip: clientIpFrom(await headers()) });
  if (!result) notFound();
  const reason = (code: string) => {
    const key = `records.reason.${code}`;
    return isRecordsKey(key) ? t(key) : code;
  };
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('records.quarantine.heading')}</h1>
      <p className="text-slate-700">{t('records.quarantine.intro')}</p>
      {result.rows.length === 0 ? (
        <EmptyState>{t('records.quarantine.empty')}</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="quarantine-rows">
          {result.rows.map((row) => (
            <li key={row.id}>
              <Card className="min-w-0 space-y-2 text-sm">
                <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
                  <dt className="text-slate-600">{t('records.quarantine.reason')}</dt>
                  <dd>
                    {reason(row.reason)} <code className="text-xs text-slate-600">{row.reason}</code>
                  </dd>
                  <dt className="text-slate-600">{t('records.quarantine.receivedAt')}</dt>
                  <dd>
                    <time dateTime={row.receivedAt.toISOString()}>{formatDateTime(row.receivedAt, locale)}</time>
                  </dd>
                </dl>
                <p className="text-slate-600">{t('records.quarantine.payload')}</p>
                {/*
                  The payload is whatever arrived, rendered as text (React escapes it), never as HTML
                  (docs/reliability.md G3). Long lines wrap inside the box and the box scrolls, so a
                  payload never widens the page on a phone. tabIndex lets keyboard users scroll it.
                */}
                <pre
                  tabIndex={0}
                  aria-label={t('records.quarantine.payload')}
                  className="max-h-80 max-w-full overflow-auto whitespace-pre-wrap break-all rounded-lg bg-slate-100 p-3 font-mono text-xs text-slate-900"
                >
                  {row.preview}
                </pre>
                {row.length > QUARANTINE_PREVIEW_CHARS ? (
                  <p className="text-slate-600">{t('records.quarantine.truncated', { shown: QUARANTINE_PREVIEW_CHARS, total: row.length })}</p>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {result.nextBefore ? (
        <Link
          href={`/admin/accounts/${account.slug}/quarantine?before=${result.nextBefore}`}
          rel="next"
          className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4"
        >
          {t('records.quarantine.older')} →
        </Link>
      ) : null}
    </div>
  );
}
