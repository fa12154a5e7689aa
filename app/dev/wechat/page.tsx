import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { EmptyState } from '@/components/ui/empty-state';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import { listPhoneAccounts } from '@/lib/wechat/simulator/phone-accounts';
import { PhoneOpenid, PhoneSlug } from '@/lib/wechat/simulator/phone-input';
import { simulatorLabels } from './labels';
import { PhoneApp } from './phone-app';
import { DEFAULT_OPENID } from './phone-data';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('sim.title'), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The citizen's phone: `/dev/wechat?account=<slug>&openid=<openid>`. Off unless the simulator is. */
export default async function SimulatorPage({ searchParams }: Props) {
  if (!env().simulatorEnabled) notFound();
  const query = await searchParams;
  const { t, locale } = await getTranslator();
  const accounts = await listPhoneAccounts({ db: await getDb() });

  const wanted = PhoneSlug.safeParse(query.account);
  const account = accounts.find((a) => wanted.success && a.slug === wanted.data) ?? accounts[0];
  const openid = PhoneOpenid.safeParse(query.openid);

  return (
    <div className="space-y-3">
      <div className="mx-auto max-w-[420px]">
        <h1 className="text-xl font-bold">{t('sim.title')}</h1>
        <p className="mt-1 hidden text-sm text-slate-600 sm:block">{t('sim.intro')}</p>
      </div>
      {account ? (
        <PhoneApp
          // A new account or citizen from a link starts a fresh phone state.
          key={`${account.slug}/${openid.success ? openid.data : ''}`}
          accounts={accounts}
          initialAccount={account.slug}
          initialOpenid={openid.success ? openid.data : DEFAULT_OPENID}
          labels={simulatorLabels(t)}
          locale={locale}
        />
      ) : (
        <EmptyState>{t('sim.noAccounts')}</EmptyState>
      )}
    </div>
  );
}
