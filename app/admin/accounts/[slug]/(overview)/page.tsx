import Link from 'next/link';
import { getDb } from '@/db';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { countsForAccounts, recentMessages, replyRules } from '@/lib/admin/account-overview';
import { can } from '@/lib/auth/permissions';
import { citizenName } from '@/lib/inbox/display';
import { requireAccount } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/format';
import { ACCOUNT_SECTIONS } from './sections';
import { maskPii } from '@/lib/privacy/pii';

type Props = { params: Promise<{ slug: string }> };

export default async function AccountOverview({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'account.view');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [counts, recent, rules] = await Promise.all([
    countsForAccounts(db, [account.id]),
    recentMessages(db, account.id),
    replyRules(db, account.id),
  ]);
  const c = counts.get(account.id);
  return (
    <div className="space-y-4">
      <Link href="/admin" className="text-sm underline">
        ← {t('admin.back')}
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-2xl font-bold">{account.name}</h1>
        <Badge>{t(`role.${role}`)}</Badge>
      </div>
      <Card>
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">{t('admin.followers')}</dt>
            <dd className="text-xl font-semibold">{c?.followers ?? 0}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t('admin.openConversations')}</dt>
            <dd className="text-xl font-semibold">{c?.open ?? 0}</dd>
          </div>
          <div className="sm:col-span-2">
            <dt className="text-slate-600">{t('admin.webhook')}</dt>
            <dd className="break-all font-mono">{`${env().baseUrl}/api/wechat/${account.slug}`}</dd>
          </div>
          <div>
            <dt className="text-slate-600">{t('admin.mode')}</dt>
            <dd>{t(`mode.${account.messageMode}`)}</dd>
          </div>
        </dl>
      </Card>
      {/* Offered to whom the table lets use them; the pages check again. */}
      <nav aria-label={t('admin.sections')}>
        <ul className="flex flex-wrap gap-x-4">
          {ACCOUNT_SECTIONS.filter((section) => can(role, section.action)).map((section) => (
            <li key={section.path}>
              <Link href={`/admin/accounts/${account.slug}/${section.path}`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
                {t(section.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ListSection id="recent" title={t('admin.recentMessages')} empty={t('admin.noMessages')} isEmpty={recent.length === 0} compact>
        <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
          {recent.map((m) => (
            <li key={m.id} className="px-4 py-2">
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <Badge tone={m.direction === 'inbound' ? 'slate' : 'green'}>{m.event ?? m.msgType}</Badge>
                <span>{m.openid ? citizenName({ remark: m.remark, displayName: m.displayName, openid: m.openid }, t) : ''}</span>
                <time dateTime={m.createdAt.toISOString()} className="ml-auto">
                  {formatDateTime(m.createdAt, locale)}
                </time>
              </div>
              {/* Citizen text is rendered as text, never as HTML (docs/reliability.md G3). */}
              {m.content ? <p className="mt-1 whitespace-pre-wrap break-words">{maskPii(m.content)}</p> : null}
            </li>
          ))}
        </ul>
      </ListSection>
      <ListSection id="rules" title={t('admin.rules')} empty={t('admin.noRules')} isEmpty={rules.length === 0} compact>
        <ul className="space-y-2">
          {rules.map((rule) => (
            <li key={rule.id}>
              <Card className="text-sm">
                <Badge>{t(`rule.${rule.kind}`)}</Badge> {rule.pattern ? <code className="ml-1">{rule.pattern}</code> : null}
                <p className="mt-1 whitespace-pre-wrap text-slate-700">{describeReply(rule.reply)}</p>
              </Card>
            </li>
          ))}
        </ul>
      </ListSection>
    </div>
  );
}

function describeReply(reply: unknown): string {
  const r = reply as { type?: string; content?: string; articles?: { title: string }[] };
  if (r.type === 'text') return r.content ?? '';
  if (r.type === 'news') return (r.articles ?? []).map((a) => `📰 ${a.title}`).join('\n');
  return `[${r.type ?? '?'}]`;
}
