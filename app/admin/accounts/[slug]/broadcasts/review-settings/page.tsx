import Link from 'next/link';
import { FieldsForm } from '@/components/broadcasts/fields-form';
import { ActionForm } from '@/components/inbox/action-form';
import { getDb } from '@/db';
import { requireAccount } from '@/lib/auth/session';
import { listWording } from '@/lib/broadcasts/wording';
import type { Translate } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { Written } from '@/components/ui/written';
import { addWording, removeWording, saveReviewSettings } from './actions';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('bc.settings.heading') };
}

function messages(t: Translate): Record<string, string> {
  return {
    invalid: t('bc.result.invalid'),
    error: t('bc.result.error'),
    settings_saved: t('bc.result.settings_saved'),
    word_added: t('bc.result.word_added'),
    word_removed: t('bc.result.word_removed'),
    'field.levels.0': t('bc.error.levels.0'),
    'field.levels.1': t('bc.error.levels.1'),
    'field.levels.2': t('bc.error.levels.2'),
    'field.domains': t('bc.error.domains'),
    'field.word': t('bc.error.word'),
    'field.suggestion': t('bc.error.suggestion'),
    'field.note': t('bc.error.note'),
  };
}

export default async function ReviewSettingsPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'broadcasts.review_settings');
  const { t, locale } = await getTranslator();
  const wording = await listWording(await getDb(), account.id);
  const copy = messages(t);
  return (
    <div className="space-y-6">
      <Link href={`/admin/accounts/${account.slug}/broadcasts`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {t('bc.detail.back')}
      </Link>
      <h1 className="text-2xl font-bold">{t('bc.settings.heading')}</h1>
      <p className="text-slate-700">{t('bc.settings.intro')}</p>
      <section aria-labelledby="bc-levels-heading" className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="bc-levels-heading" className="text-lg font-semibold">
          {t('bc.settings.levelsLegend')}
        </h2>
        <p className="text-sm text-slate-700">{t('bc.settings.levelHint')}</p>
        <FieldsForm
          action={saveReviewSettings}
          hidden={{ account: account.slug }}
          fields={[
            ...[0, 1, 2].map((i) => ({ name: `levels.${i}`, label: t('bc.settings.level', { n: i + 1 }), defaultValue: account.reviewLevels[i] ?? '', maxLength: 20, required: i === 0 })),
            { name: 'domains', label: t('bc.settings.domains'), hint: t('bc.settings.domainsHint'), defaultValue: account.allowedLinkDomains.join('\n'), rows: 4 },
          ]}
          submitLabel={t('bc.settings.save')}
          pendingLabel={t('bc.action.saving')}
          messages={copy}
        />
      </section>
      <section aria-labelledby="bc-wording-heading" className="space-y-3">
        <h2 id="bc-wording-heading" className="text-lg font-semibold">
          {t('bc.settings.wordingHeading')}
        </h2>
        <p className="text-sm text-slate-700">{t('bc.settings.wordingIntro')}</p>
        <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <FieldsForm
            action={addWording}
            hidden={{ account: account.slug }}
            fields={[
              { name: 'word', label: t('bc.settings.word'), maxLength: 30, required: true },
              { name: 'suggestion', label: t('bc.settings.suggestion'), maxLength: 30 },
              { name: 'note', label: t('bc.settings.note'), maxLength: 100 },
            ]}
            submitLabel={t('bc.settings.add')}
            pendingLabel={t('bc.action.saving')}
            messages={copy}
            resetOnSuccess
          />
        </div>
        {wording.length === 0 ? (
          <p className="text-slate-700">{t('bc.settings.empty')}</p>
        ) : (
          <>
            <p className="text-sm text-slate-700">{t('bc.settings.count', { n: wording.length })}</p>
            <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200" data-testid="wording">
              {wording.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
                  <p className="min-w-0 break-words">
                    <Written locale={locale} className="font-medium">
                      {w.word}
                    </Written>
                    {w.suggestion ? (
                      <>
                        {' → '}
                        <Written locale={locale}>{w.suggestion}</Written>
                      </>
                    ) : null}
                    {w.note ? (
                      <Written locale={locale} className="block text-sm text-slate-700">
                        {w.note}
                      </Written>
                    ) : null}
                  </p>
                  <ActionForm action={removeWording} submitLabel={t('bc.settings.remove', { word: w.word })} pendingLabel={t('bc.action.saving')} messages={copy} variant="ghost" inline>
                    <input type="hidden" name="account" value={account.slug} />
                    <input type="hidden" name="ruleId" value={w.id} />
                  </ActionForm>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
