import Link from 'next/link';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { cannedReplies } from '@/db/schema';
import { ActionForm } from '@/components/inbox/action-form';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { requireAccount } from '@/lib/auth/session';
import { teamOf } from '@/lib/inbox/detail';
import { getTranslator } from '@/lib/i18n/server';
import type { Translate } from '@/lib/i18n/messages';
import { listMacros } from '@/lib/service/macros';
import type { Macro } from '@/db/schema';
import { deleteMacro, saveMacro } from './actions';
import { MacroForm, type MacroValues } from './macro-form';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('queue.macros.heading') };
}

function values(m: Macro): MacroValues {
  return { macroId: m.id, name: m.name, cannedReplyId: m.cannedReplyId ? String(m.cannedReplyId) : '', tags: m.addTags.join(', '), setStatus: m.setStatus ?? '', assignTo: m.assignTo ?? '' };
}

function formLabels(t: Translate, submit: string, ok: string) {
  return {
    name: t('queue.macros.name'),
    nameHint: t('queue.macros.nameHint'),
    canned: t('queue.macros.canned'),
    tags: t('queue.macros.tags'),
    tagsHint: t('queue.macros.tagsHint'),
    status: t('queue.macros.status'),
    assign: t('queue.macros.assign'),
    submit,
    saving: t('queue.macros.saving'),
    ok,
    invalid: t('queue.macros.invalid'),
    errors: {
      name: t('queue.macros.error.name'),
      cannedReplyId: t('queue.macros.error.cannedReplyId'),
      tags: t('queue.macros.error.tags'),
      setStatus: t('queue.macros.error.setStatus'),
      assignTo: t('queue.macros.error.assignTo'),
    },
  };
}

/** The account's macros (docs/citizen-service.md "Macros"): editors and above write them. */
export default async function MacrosPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'macros.edit');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [macros, canned, team] = await Promise.all([
    listMacros(db, account.id),
    db.select({ id: cannedReplies.id, title: cannedReplies.title }).from(cannedReplies).where(eq(cannedReplies.accountId, account.id)).orderBy(asc(cannedReplies.position), asc(cannedReplies.title)),
    teamOf(db, account.id),
  ]);
  const options = {
    canned: [{ value: '', label: t('queue.macros.cannedNone') }, ...canned.map((c) => ({ value: String(c.id), label: c.title }))],
    statuses: [{ value: '', label: t('queue.macros.statusKeep') }, ...(['open', 'pending', 'resolved'] as const).map((s) => ({ value: s, label: t(`inbox.status.${s}`) }))],
    assignees: [
      { value: '', label: t('queue.macros.assignKeep') },
      { value: 'me', label: t('queue.macros.assignMe') },
      { value: 'none', label: t('queue.macros.assignNone') },
      ...team.map((u) => ({ value: u.id, label: u.name })),
    ],
  };
  const cannedTitle = new Map(canned.map((c) => [c.id, c.title]));
  const teamName = new Map(team.map((u) => [u.id, u.name]));
  const summary = (m: Macro) =>
    [
      m.cannedReplyId && cannedTitle.has(m.cannedReplyId) ? t('queue.macros.summary.reply', { title: cannedTitle.get(m.cannedReplyId)! }) : null,
      m.addTags.length ? t('queue.macros.summary.tags', { tags: m.addTags.join(t('queue.macros.tagSeparator')) }) : null,
      m.setStatus ? t('queue.macros.summary.status', { status: t(`inbox.status.${m.setStatus}`) }) : null,
      m.assignTo ? t('queue.macros.summary.assign', { name: m.assignTo === 'me' ? t('queue.macros.assignMe') : m.assignTo === 'none' ? t('queue.macros.assignNone') : (teamName.get(m.assignTo) ?? '—') }) : null,
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('queue.macros.heading')}</h1>
      <p className="text-slate-700">{t('queue.macros.intro')}</p>
      {macros.length === 0 ? <EmptyState>{t('queue.macros.empty')}</EmptyState> : null}
      <ul className="space-y-3">
        {macros.map((m) => (
          <li key={m.id}>
            <Card className="space-y-2">
              <h2 className="font-semibold break-words">{m.name}</h2>
              <p className="text-sm text-slate-700">{summary(m)}</p>
              <details>
                <summary className="min-h-11 cursor-pointer content-center text-brand-700">{t('queue.macros.edit')}</summary>
                <MacroForm action={saveMacro} account={account.slug} initial={values(m)} {...options} labels={formLabels(t, t('queue.macros.save'), t('queue.macros.saved'))} />
                <ActionForm action={deleteMacro} submitLabel={t('queue.macros.delete')} pendingLabel={t('queue.macros.saving')} messages={{ saved: t('queue.macros.deleted'), deleted: t('queue.macros.deleted'), error: t('queue.macros.invalid'), invalid: t('queue.macros.invalid') }} variant="ghost">
                  <input type="hidden" name="macroId" value={m.id} />
                </ActionForm>
              </details>
            </Card>
          </li>
        ))}
      </ul>
      <Card className="space-y-2">
        <h2 className="text-lg font-semibold">{t('queue.macros.new')}</h2>
        <MacroForm
          action={saveMacro}
          account={account.slug}
          initial={{ name: '', cannedReplyId: '', tags: '', setStatus: '', assignTo: '' }}
          {...options}
          labels={formLabels(t, t('queue.macros.create'), t('queue.macros.created'))}
        />
      </Card>
    </div>
  );
}
