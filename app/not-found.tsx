import Link from 'next/link';
import { getTranslator } from '@/lib/i18n/server';

/**
 * The public 404. Citizens are told what they can do instead (issue 11, item 7), never that they
 * may lack a permission: permissions are staff's business (app/admin/not-found.tsx).
 */
export default async function NotFound() {
  const { t } = await getTranslator();
  const next = [
    { href: '/', label: t('dir.notFound.search') },
    { href: '/verify', label: t('dir.notFound.verify') },
    { href: '/events', label: t('dir.notFound.events') },
  ];
  return (
    <div className="py-12">
      <h1 className="text-2xl font-bold">{t('notFound.heading')}</h1>
      <p className="mt-2 text-slate-700">{t('notFound.body')}</p>
      <p className="mt-4 font-medium">{t('dir.notFound.canDo')}</p>
      <ul className="mt-2 space-y-2">
        {next.map((item) => (
          <li key={item.href}>
            <Link href={item.href} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
