import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { Written } from '@/components/ui/written';
import { listReplyRules } from '@/lib/auto-reply/rules';
import { clock, RULE_KINDS } from '@/lib/auto-reply/rule-input';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import type { PassiveReply } from '@/lib/wechat/reply';
import { deleteRule, testRules, toggleRule } from './actions';
import { copyOf, ruleLabels } from './copy';
import { ReplyPreview } from './reply-preview';
import { TestBox } from './test-box';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('replies.heading') };
}

const linkClass = 'inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4';
const smallButton = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-base font-medium ring-1 ring-slate-300 bg-white hover:bg-slate-50';

/**
 * The account's auto-reply rules grouped by kind, in the order they are matched, with the test
 * box. Everyone on the account reads them; editors and up change them (lib/auth/permissions.ts
 * replies.edit) — the commands check again, whatever this page shows.
 */
export default async function RepliesPage({ params, searchParams }: Props) {
  const { slug } = await params;
  // Set by the create action's redirect, so the new rule is pointed out.
  const savedId = Number((await searchParams).saved) || null;
  const { account, role } = await requireAccount(slug, 'replies.view');
  const { t, locale } = await getTranslator();
  const rules = await listReplyRules(await getDb(), account.id);
  const editable = can(role, 'replies.edit');
  const base = `/admin/accounts/${account.slug}/replies`;
  const labels = ruleLabels(t);
  return (
    <div className="space-y-6" data-testid="replies-page">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('replies.heading')}</h1>
        <p className="text-slate-700">{t('replies.intro')}</p>
        <p className="text-sm text-slate-700">{t('replies.precedence')}</p>
        {savedId && rules.some((r) => r.id === savedId) ? (
          <p role="status" className="rounded-lg bg-brand-50 p-3 font-medium text-brand-800 ring-1 ring-brand-100">
            {t('replies.saved')}
          </p>
        ) : null}
        {editable ? (
          <Link href={`${base}/new`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
            {t('replies.new')}
          </Link>
        ) : (
          <p className="text-sm text-slate-700">{t('replies.readOnly')}</p>
        )}
      </div>
      <section aria-labelledby="test-heading" className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
        <h2 id="test-heading" className="text-lg font-semibold">
          {t('replies.test.heading')}
        </h2>
        <p className="text-sm text-slate-700">{t('replies.test.intro')}</p>
        <TestBox action={testRules} slug={account.slug} copy={copyOf(t, 'replies')} ruleLabel={labels} />
      </section>
      {RULE_KINDS.map((kind) => {
        const ofKind = rules.filter((r) => r.kind === kind);
        return (
          <ListSection key={kind} id={`rules-${kind}`} title={t(`replies.group.${kind}`)} empty={t('replies.empty')} isEmpty={ofKind.length === 0} compact>
            <ul className="space-y-2">
              {ofKind.map((rule) => (
                <li key={rule.id} data-testid={`rule-${rule.id}`}>
                  <Card className="space-y-2">
                    <div className="flex flex-wrap items-center gap-2 text-sm">
                      {rule.matchType ? <Badge>{t(`replies.match.${rule.matchType}`)}</Badge> : null}
                      {rule.pattern ? <code className="break-all rounded bg-slate-100 px-1 text-base">{rule.pattern}</code> : null}
                      {rule.enabled ? null : <Badge tone="amber">{t('replies.disabled')}</Badge>}
                      <span className="text-slate-700">{t('replies.priorityShort', { n: rule.priority })}</span>
                      <span className="text-slate-700">
                        {rule.activeFromMinute === null ? t('replies.alwaysOn') : t('replies.hoursShort', { from: clock(rule.activeFromMinute), until: clock(rule.activeUntilMinute) })}
                      </span>
                    </div>
                    <ReplyPreview reply={rule.reply as PassiveReply} imageLabel={t('replies.test.imageReply')} />
                    {editable ? (
                      <div className="flex flex-wrap items-center gap-2">
                        <Link href={`${base}/${rule.id}`} className={smallButton} aria-label={`${t('replies.edit')} ${rule.pattern ?? labels[kind]}`}>
                          {t('replies.edit')}
                        </Link>
                        <form action={toggleRule}>
                          <input type="hidden" name="ruleId" value={rule.id} />
                          <input type="hidden" name="enabled" value={rule.enabled ? 'false' : 'true'} />
                          <input type="hidden" name="$slug" value={account.slug} />
                          <button type="submit" className={smallButton}>
                            {rule.enabled ? t('replies.disable') : t('replies.enable')}
                          </button>
                        </form>
                        <details className="min-w-0">
                          <summary className={`${smallButton} cursor-pointer list-none text-red-700`}>{t('replies.delete')}</summary>
                          <form action={deleteRule} className="mt-2">
                            <input type="hidden" name="ruleId" value={rule.id} />
                            <input type="hidden" name="$slug" value={account.slug} />
                            <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-red-700 px-4 font-medium text-white hover:bg-red-800">
                              {t('replies.deleteConfirm')}
                            </button>
                          </form>
                        </details>
                      </div>
                    ) : null}
                  </Card>
                </li>
              ))}
            </ul>
          </ListSection>
        );
      })}
      <p>
        <Link href={`/admin/accounts/${account.slug}/canned-replies`} className={linkClass}>
          {t('canned.nav')}
        </Link>
      </p>
    </div>
  );
}
