import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { fieldsOfRule } from '@/lib/auto-reply/rule-input';
import { findReplyRule } from '@/lib/auto-reply/rules';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { updateRule } from '../actions';
import { copyOf } from '../copy';
import { RuleForm } from '../rule-form';

type Props = { params: Promise<{ slug: string; id: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('replies.editHeading') };
}

export default async function EditRulePage({ params }: Props) {
  const { slug, id } = await params;
  const { account } = await requireAccount(slug, 'replies.edit');
  const { t } = await getTranslator();
  const ruleId = /^\d{1,15}$/.test(id) ? Number(id) : null;
  if (ruleId === null) notFound();
  const rule = await findReplyRule(await getDb(), account.id, ruleId);
  if (!rule) notFound();
  return (
    <div className="space-y-4" data-testid="rule-page">
      <Link href={`/admin/accounts/${account.slug}/replies`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('replies.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('replies.editHeading')}</h1>
      <RuleForm action={updateRule} hidden={{ ruleId: String(rule.id), $slug: account.slug }} values={fieldsOfRule(rule)} copy={copyOf(t, 'replies')} submitLabel={t('replies.save')} />
    </div>
  );
}
