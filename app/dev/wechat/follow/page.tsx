import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import { loadPhoneAccount } from '@/lib/wechat/simulator/phone-accounts';
import { PhoneOpenid, PhoneScene, PhoneSlug } from '@/lib/wechat/simulator/phone-input';
import { simulatorLabels } from '../labels';
import { FollowCard } from './follow-card';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('sim.follow.title'), robots: { index: false } };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `/dev/wechat/follow?account=<slug>&scene=<scene>`: what scanning an account's follow QR code
 * does in the demo. Real WeChat shows its own profile card here; this page plays that part.
 */
export default async function FollowPage({ searchParams }: Props) {
  if (!env().simulatorEnabled) notFound();
  const query = await searchParams;
  const slug = PhoneSlug.safeParse(query.account);
  if (!slug.success) notFound();
  const account = await loadPhoneAccount({ db: await getDb(), slug: slug.data });
  if (!account) notFound();
  const scene = PhoneScene.safeParse(query.scene);
  const openid = PhoneOpenid.safeParse(query.openid);
  const { t } = await getTranslator();

  return (
    <div className="mx-auto max-w-[420px] space-y-4">
      <h1 className="text-xl font-bold">{t('sim.follow.title')}</h1>
      {/* Only the public summary goes to the client component; credentials stay here. */}
      <FollowCard
        account={{ slug: account.slug, name: account.name, verified: account.verified, description: account.description, type: account.type }}
        scene={scene.success ? scene.data : null}
        openidFromLink={openid.success ? openid.data : null}
        labels={simulatorLabels(t)}
      />
      <p className="text-sm text-slate-600">{t('sim.follow.explain')}</p>
      <Link href="/dev/wechat" className="inline-block text-sm underline">
        ← {t('sim.follow.back')}
      </Link>
    </div>
  );
}
