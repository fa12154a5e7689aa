import Link from 'next/link';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { Written } from '@/components/ui/written';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { listCannedReplies } from '@/lib/canned/canned-replies';
import { getTranslator } from '@/lib/i18n/server';
import { copyOf } from '../replies/copy';
import { createCanned, deleteCanned, moveCanned, updateCanned } from './actions';
import { CannedForm } from './canned-form';
import { MoveButtons } from './move-buttons';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('canned.heading') };
}

const smallButton = 'inline-flex min-h-11 min-w-11 cursor-pointer items-center justify-center rounded-lg bg-white px-3 text-base font-medium ring-1 ring-slate-300 hover:bg-slate-50';

/**
 * The account's canned replies in the order the inbox offers them. Everyone on the account reads
 * them; editors and up add, edit, reorder and delete (canned.edit), and the commands check again.
 */
export default async function CannedRepliesPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'replies.view');
  const { t, locale } = await getTranslator();
  const replies = await listCannedReplies(await getDb(), account.id);
  const editable = can(role, 'canned.edit');
  const copy = { ...copyOf(t, 'replies'), ...copyOf(t, 'canned') };
  return (
    <div className="space-y-6" data-testid="canned-page">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('canned.heading')}</h1>
        <p className="text-slate-700">{t('canned.intro')}</p>
        {editable ? null : <p className="text-sm text-slate-700">{t('canned.readOnly')}</p>}
      </div>
      <ListSection id="canned" title={t('canned.heading')} empty={t('canned.empty')} isEmpty={replies.length === 0} compact>
        <ol className="space-y-2">
          {replies.map((reply, i) => (
            <li key={reply.id} data-testid="canned-item">
              <Card className="space-y-2">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="text-sm text-slate-600">{t('canned.position', { n: i + 1 })}</p>
                    <h3 className="font-semibold break-words">
                      <Written locale={locale}>{reply.title}</Written>
                    </h3>
                  </div>
                  {editable ? (
                    <MoveButtons
                      action={moveCanned}
                      cannedId={reply.id}
                      slug={account.slug}
                      first={i === 0}
                      last={i === replies.length - 1}
                      labels={{ up: t('canned.moveUp', { title: reply.title }), down: t('canned.moveDown', { title: reply.title }), moved: t('canned.moved') }}
                    />
                  ) : null}
                </div>
                <Written locale={locale} as="p" className="whitespace-pre-wrap break-words text-slate-800">
                  {reply.body}
                </Written>
                {editable ? (
                  <div className="flex flex-wrap items-start gap-2">
                    <details className="open:basis-full">
                      <summary className={smallButton} aria-label={t('canned.edit', { title: reply.title })}>
                        {t('replies.edit')}
                      </summary>
                      <div className="mt-2">
                        <CannedForm action={updateCanned} idPrefix={`canned-${reply.id}`} hidden={{ cannedId: String(reply.id), $slug: account.slug }} values={{ title: reply.title, body: reply.body }} copy={copy} submitLabel={t('canned.save')} okLabel={t('canned.saved')} />
                      </div>
                    </details>
                    <details className="open:basis-full">
                      <summary className={`${smallButton} text-red-700`} aria-label={t('canned.delete', { title: reply.title })}>
                        {t('replies.delete')}
                      </summary>
                      <form action={deleteCanned} className="mt-2">
                        <input type="hidden" name="cannedId" value={reply.id} />
                        <input type="hidden" name="$slug" value={account.slug} />
                        <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-red-700 px-4 font-medium text-white hover:bg-red-800">
                          {t('canned.delete', { title: reply.title })}
                        </button>
                      </form>
                    </details>
                  </div>
                ) : null}
              </Card>
            </li>
          ))}
        </ol>
      </ListSection>
      {editable ? (
        <section aria-labelledby="canned-new-heading" className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <h2 id="canned-new-heading" className="text-lg font-semibold">
            {t('canned.new')}
          </h2>
          <CannedForm action={createCanned} idPrefix="canned-new" hidden={{ account: account.slug }} values={{ title: '', body: '' }} copy={copy} submitLabel={t('canned.create')} okLabel={t('canned.created')} />
        </section>
      ) : null}
      <p>
        <Link href={`/admin/accounts/${account.slug}/replies`} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('replies.nav')}
        </Link>
      </p>
    </div>
  );
}
