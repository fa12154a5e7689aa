import Link from 'next/link';
import { getTranslator } from '@/lib/i18n/server';

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">{t('notFound.heading')}</h1>
      <p className="mt-2 text-slate-600">{t('notFound.body')}</p>
      <Link href="/" className="mt-6 inline-block underline">
        {t('nav.directory')}
      </Link>
    </div>
  );
}
