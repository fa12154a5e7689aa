import Link from 'next/link';
import { ComposeForm } from '@/components/broadcasts/compose-form';
import { broadcastCopy } from '@/components/broadcasts/server-copy';
import { getDb } from '@/db';
import { requireAccount } from '@/lib/auth/session';
import { linkableEvents } from '@/lib/broadcasts/compose';
import { EMPTY_ARTICLE } from '@/lib/broadcasts/content';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import { createBroadcast } from './actions';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('bc.new.heading') };
}

export default async function NewBroadcastPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'broadcasts.compose');
  const { t, locale } = await getTranslator();
  const events = await linkableEvents(await getDb(), account.id);
  const origin = env().baseUrl;
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}/broadcasts`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('bc.detail.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('bc.new.heading')}</h1>
      <ComposeForm
        action={createBroadcast}
        hidden={{ account: account.slug }}
        initial={{ title: '', msgType: 'news', text: '', imageUrl: '', alt: '', articles: [{ ...EMPTY_ARTICLE }] }}
        copy={broadcastCopy(locale)}
        accountName={account.name}
        events={events.map((e) => ({ href: `${origin}/events/${e.id}`, title: e.title }))}
        submitLabel={t('bc.action.create')}
      />
    </div>
  );
}
