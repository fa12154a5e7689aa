import Link from 'next/link';
import { getTranslator } from '@/lib/i18n/server';

/**
 * Staff's 404, inside the admin layout: a record of another account answers 404, not 403
 * (a foreign id must not confirm the record exists), so here — and only here — the wording may say that
 * the account may lack access. Citizens get app/not-found.tsx.
 */
export default async function AdminNotFound() {
  const { t } = await getTranslator();
  return (
    <div className="py-12">
      <h1 className="text-2xl font-bold">{t('notFound.heading')}</h1>
      <p className="mt-2 text-slate-700">{t('dir.notFound.staffBody')}</p>
      <p className="mt-4">
        <Link href="/admin" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('dir.notFound.staffBack')}
        </Link>
      </p>
    </div>
  );
}
