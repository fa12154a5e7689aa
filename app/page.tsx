import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { listDirectoryAccounts } from '@/lib/directory/list-accounts';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const { t } = await getTranslator();
  const accounts = await listDirectoryAccounts(await getDb());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('home.heading')}</h1>
        <p className="mt-1 text-slate-600">{t('site.tagline')}</p>
      </div>
      {accounts.length === 0 ? (
        <EmptyState>{t('home.empty')}</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {accounts.map((account) => (
            <li key={account.slug}>
              <Card className="h-full">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="text-lg font-semibold">{account.name}</h2>
                  {account.verified ? (
                    <Badge tone="green">✓ {t('home.verified')}</Badge>
                  ) : (
                    <Badge tone="red">⚠ {t('home.unverified')}</Badge>
                  )}
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {account.department ?? ''} {account.wechatId ? `· ${account.wechatId}` : ''}
                </p>
                <p className="mt-2 line-clamp-2 text-slate-700">{account.description}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm text-slate-500">
        <Link href="/login" className="underline">
          {t('nav.login')}
        </Link>
      </p>
    </div>
  );
}
