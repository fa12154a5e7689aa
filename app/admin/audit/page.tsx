import Link from 'next/link';
import { notFound } from 'next/navigation';
import { headers } from 'next/headers';
import { getDb } from '@/db';
import { clientIpFrom } from '@/lib/auth/client-ip';
import { AuditFilterForm, AuditList, filtersFrom } from '@/components/records/audit-view';
import { listPlatformAudit } from '@/lib/audit/list';
import { requireStaff } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('records.audit.platformHeading') };
}

export default async function PlatformAuditPage({ searchParams }: Props) {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const filters = filtersFrom(await searchParams);
  const page = await listPlatformAudit({ db: await getDb(), staff, filters, ip: clientIpFrom(await headers()) });
  if (!page) notFound();
  return (
    <div className="space-y-4">
      <Link href="/admin" className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('admin.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('records.audit.platformHeading')}</h1>
      <p className="text-slate-700">{t('records.audit.intro')}</p>
      <AuditFilterForm filters={filters} basePath="/admin/audit" t={t} />
      <AuditList page={page} filters={filters} basePath="/admin/audit" fullIp t={t} locale={locale} />
    </div>
  );
}
