import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { SubmitButton } from '@/components/ui/submit-button';
import { getDb } from '@/db';
import { cn } from '@/lib/cn';
import { requirePlatform } from '@/lib/auth/session';
import { listDomainClaims } from '@/lib/directory/domain-proof';
import { listLookalikePairs } from '@/lib/directory/lookalike';
import { listReports } from '@/lib/directory/reports';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import type { MessageKey } from '@/lib/i18n/messages';
import { resolveReportAction, reviewLookalikeAction } from './actions';
import { AddDomainForm, CheckDomainsButton } from './domain-forms';

export const dynamic = 'force-dynamic';

/** One decision on a report or a look-alike: a form of hidden fields and one button. */
function DecisionForm(props: {
  action: (form: FormData) => Promise<void>;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  danger?: boolean;
}) {
  return (
    <form action={props.action}>
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <SubmitButton
        pendingLabel={props.pendingLabel}
        className={cn('min-h-11 rounded-lg px-3 text-sm font-medium ring-1 disabled:opacity-60', props.danger ? 'bg-red-50 text-red-900 ring-red-300' : 'ring-slate-300')}
      >
        {props.label}
      </SubmitButton>
    </form>
  );
}

export default async function ReportsAdminPage() {
  await requirePlatform('reports.review');
  const { t, locale } = await getTranslator();
  const pending = t('dir.admin.working');
  const db = await getDb();
  const [reports, pairs, claims] = await Promise.all([listReports({ db, status: 'open' }), listLookalikePairs({ db }), listDomainClaims(db)]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('dir.admin.reports')}</h1>
        <p className="text-slate-700">{t('dir.admin.reportsIntro')}</p>
      </div>

      <ListSection id="reports" title={t('dir.admin.openReports')} empty={t('dir.admin.noReports')} isEmpty={reports.length === 0}>
        <ul className="space-y-3">
          {reports.map((r) => (
            <li key={r.id}>
              <Card className="space-y-2">
                <p className="font-semibold">
                  {r.reportedName}
                  {r.reportedWechatId ? <span className="ml-2 font-mono text-sm text-slate-700">{r.reportedWechatId}</span> : null}
                </p>
                <p className="whitespace-pre-line text-slate-800">{r.reason}</p>
                <p className="text-sm text-slate-700">
                  {t('dir.admin.reportedAt')} {formatDateTime(r.createdAt, locale)}
                </p>
                <div className="flex flex-wrap gap-2">
                  <DecisionForm action={resolveReportAction} fields={{ id: r.id, decision: 'confirmed_impostor' }} label={t('dir.admin.confirm')} pendingLabel={pending} danger />
                  <DecisionForm action={resolveReportAction} fields={{ id: r.id, decision: 'dismissed' }} label={t('dir.admin.dismiss')} pendingLabel={pending} />
                </div>
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>

      <ListSection id="lookalikes" title={t('dir.admin.lookalikes')} empty={t('dir.admin.noLookalikes')} isEmpty={pairs.length === 0}>
        <ul className="space-y-3">
          {pairs.map((p) => (
            <li key={p.account.id}>
              <Card className="space-y-2">
                <p>
                  <Link href={`/accounts/${p.account.slug}`} className="font-semibold underline underline-offset-4">
                    {p.account.name}
                  </Link>{' '}
                  <span className="font-mono text-sm text-slate-700">{p.account.wechatId}</span> —{' '}
                  {t('dir.admin.looksLike', { name: p.official.name })} <Badge tone="amber">{t(`dir.admin.reason.${p.reason}` as MessageKey)}</Badge>
                </p>
                <div className="flex flex-wrap gap-2">
                  {(['impostor', 'not_impostor'] as const).map((decision) => (
                    <DecisionForm
                      key={decision}
                      action={reviewLookalikeAction}
                      fields={{ accountId: p.account.id, officialAccountId: p.official.id, decision }}
                      label={decision === 'impostor' ? t('dir.admin.markImpostor') : t('dir.admin.notImpostor')}
                      pendingLabel={pending}
                      danger={decision === 'impostor'}
                    />
                  ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>

      <ListSection
        id="domains"
        title={t('dir.admin.domains')}
        empty={t('dir.admin.noDomains')}
        isEmpty={claims.length === 0}
        footer={
          <Card className="space-y-3">
            <h3 className="font-semibold">{t('dir.admin.addDomain')}</h3>
            <AddDomainForm
              labels={{
                account: t('dir.admin.domainAccount'),
                domain: t('dir.admin.domain'),
                submit: t('dir.admin.addDomainSubmit'),
                added: t('dir.admin.domainAdded'),
                invalid: t('dir.admin.domainInvalid'),
              }}
            />
            <CheckDomainsButton label={t('dir.admin.checkNow')} doneTemplate={t('dir.admin.checked')} />
          </Card>
        }
      >
        <ul className="space-y-2">
          {claims.map((c) => (
            <li key={c.id}>
              <Card className="text-sm">
                <p>
                  <span className="font-semibold">{c.name}</span> · <span className="font-mono">{c.domain}</span>{' '}
                  <Badge tone={c.status === 'verified' ? 'green' : c.status === 'delisted' ? 'red' : 'slate'}>{t(`dir.admin.status.${c.status}`)}</Badge>
                </p>
                <p className="text-slate-700">
                  {t('dir.admin.lastChecked')}: {c.lastCheckedAt ? formatDateTime(c.lastCheckedAt, locale) : t('dir.admin.never')}
                  {c.lastError ? ` · ${c.lastError}` : ''}
                </p>
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>
    </div>
  );
}
