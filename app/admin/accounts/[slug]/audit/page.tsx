import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { AuditFilterForm, AuditList, filtersFrom } from '@/components/records/audit-view';
import { Written } from '@/components/ui/written';
import { listAccountAudit } from '@/lib/audit/list';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('records.audit.heading') };
}

export default async function AccountAuditPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { account, staff } = await requireAccount(slug, 'audit.view');
  const { t, locale } = await getTranslator();
  const filters = filtersFrom(await searchParams);
  const page = await listAccountAudit({ db: await getDb(), staff, slug, filters, ip: clientIpFrom(await headers()) });
  if (!page) notFound();
  const basePath = `/admin/accounts/${account.slug}/audit`;
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('records.audit.heading')}</h1>
      <p className="text-slate-700">{t('records.audit.intro')}</p>
      <AuditFilterForm filters={filters} basePath={basePath} t={t} />
      <AuditList page={page} filters={filters} basePath={basePath} fullIp={staff.isPlatformAdmin} t={t} locale={locale} />
    </div>
  );
}
