import Link from 'next/link';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { createRule } from '../actions';
import { copyOf } from '../copy';
import { RuleForm } from '../rule-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('replies.newHeading') };
}

const EMPTY = { kind: 'keyword', matchType: 'exact', pattern: '', priority: '100', activeFrom: '', activeUntil: '', replyType: 'text', content: '', mediaId: '', title: '', description: '', picUrl: '', url: '' };

export default async function NewRulePage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'replies.edit');
  const { t } = await getTranslator();
  return (
    <div className="space-y-4" data-testid="rule-page">
      <Link href={`/admin/accounts/${account.slug}/replies`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('replies.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('replies.newHeading')}</h1>
      <RuleForm action={createRule} hidden={{ account: account.slug }} values={EMPTY} copy={copyOf(t, 'replies')} submitLabel={t('replies.create')} />
    </div>
  );
}
