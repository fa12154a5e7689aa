import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { GAP_DAYS, gapReport } from '@/lib/service/gaps';
import { createGapRule } from './actions';
import { GapRuleForm } from './gap-rule-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('queue.gaps.heading') };
}

/** Questions no rule answered and staff answered by hand, grouped (docs/citizen-service.md "Gap report"). */
export default async function GapsPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'gaps.view');
  const { t, locale } = await getTranslator();
  const clusters = await gapReport({ db: await getDb(), accountId: account.id });
  const mayCreate = can(role, 'gaps.rule.create');
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('queue.gaps.heading')}</h1>
      <p className="text-slate-700">{t('queue.gaps.intro', { days: GAP_DAYS })}</p>
      <p className="text-sm text-slate-600">🔒 {t('queue.gaps.masked')}</p>
      {clusters.length === 0 ? <EmptyState>{t('queue.gaps.empty')}</EmptyState> : null}
      <ol className="space-y-3">
        {clusters.map((c, i) => (
          <li key={c.key}>
            <Card className="space-y-3">
              <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
                <span>
                  {i + 1}. <span className="break-words">{c.keyword}</span>
                </span>
                <Badge tone="amber">{t('queue.gaps.count', { n: c.size })}</Badge>
              </h2>
              <div>
                <h3 className="text-sm font-medium text-slate-600">{t('queue.gaps.examples')}</h3>
                <ul className="list-disc space-y-1 pl-5">
                  {c.examples.map((q, j) => (
                    <li key={j} className="break-words">
                      {q}
                    </li>
                  ))}
                </ul>
              </div>
              <div>
                <h3 className="text-sm font-medium text-slate-600">{t('queue.gaps.answer', { n: c.answerCount })}</h3>
                <p className="whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-2">{c.answer}</p>
              </div>
              <p className="text-sm font-medium">{t('queue.gaps.would', { n: c.wouldAnswer, days: GAP_DAYS })}</p>
              {mayCreate ? (
                <GapRuleForm
                  action={createGapRule}
                  account={account.slug}
                  id={`gap-${c.key}`}
                  keyword={c.keyword}
                  reply={c.answer}
                  labels={{
                    keyword: t('queue.gaps.keyword'),
                    reply: t('queue.gaps.reply'),
                    submit: t('queue.gaps.create'),
                    pending: t('queue.gaps.creating'),
                    created: t('queue.gaps.created', { days: GAP_DAYS, n: '{n}' }),
                    invalid: t('queue.gaps.invalid'),
                    keywordError: t('queue.gaps.error.keyword'),
                    replyError: t('queue.gaps.error.reply'),
                  }}
                />
              ) : null}
            </Card>
          </li>
        ))}
      </ol>
    </div>
  );
}
