import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountFacts, CheckInWechat } from '@/components/directory/account-facts';
import { categoryLabel } from '@/components/directory/labels';
import { VerificationBadge } from '@/components/directory/verification-badge';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db';
import { MAX_QUERY_LENGTH } from '@/lib/directory/normalize';
import { avatarFor } from '@/lib/directory/avatar';
import type { PublicAccount } from '@/lib/directory/public-account';
import { verifyAccount, type SameKind } from '@/lib/directory/verify-account';
import { env } from '@/lib/env';
import { getTranslator } from '@/lib/i18n/server';
import { ReportForm } from './report-form';
import { regionName, type Locale } from '@/lib/i18n/messages';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('dir.verify.title'), description: t('dir.verify.intro') };
}

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, locale } = await getTranslator();
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, MAX_QUERY_LENGTH) ?? '';
  const result = q ? await verifyAccount({ db: await getDb(), q }) : null;
  const { simulatorEnabled } = env();
  const officials = result?.matches.filter((a) => a.official) ?? [];
  const namesakes = result?.matches.filter((a) => !a.official) ?? [];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('dir.verify.heading')}</h1>
        <p className="mt-1 text-slate-700">{t('dir.verify.intro')}</p>
      </div>
      <form action="/verify" method="get" role="search" className="space-y-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <label htmlFor="verify-q" className="block font-medium">
          {t('dir.verify.label')}
        </label>
        <div className="flex gap-2">
          <input id="verify-q" name="q" type="search" defaultValue={q} maxLength={MAX_QUERY_LENGTH} placeholder={t('dir.verify.placeholder')} className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base placeholder:text-slate-600" />
          <button type="submit" className="min-h-11 shrink-0 rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
            {t('dir.verify.submit')}
          </button>
        </div>
      </form>

      {result ? (
        <section aria-labelledby="verify-result" aria-live="polite">
          {result.status === 'official' && result.account ? (
            <Card className="space-y-3 ring-2 ring-brand-600">
              <h2 id="verify-result" className="flex items-center gap-2 text-xl font-semibold text-brand-800">
                <span aria-hidden="true">✓</span> {t('dir.verify.official')}
              </h2>
              {officials.length > 1 ? (
                <p>{t('dir.verify.officialMany', { count: String(officials.length), name: result.account.name })}</p>
              ) : (
                <p>{t('dir.verify.officialBody', { name: result.account.name, department: result.account.department ?? '' })}</p>
              )}
              {/* Each official namesake with the facts that tell them apart, and how to check them in WeChat. */}
              <ul className="space-y-4">
                {officials.map((account) => (
                  <li key={account.slug} className="space-y-3">
                    <AccountFacts account={account} avatar={avatarFor(account, { simulatorEnabled })} t={t} />
                    <CheckInWechat account={account} t={t} />
                  </li>
                ))}
              </ul>
              {namesakes.length > 0 ? (
                <div className="space-y-2 rounded-lg bg-red-50 p-3 text-red-950 ring-1 ring-red-200">
                  <p className="font-medium">{t('dir.verify.sameNameUnofficial')}</p>
                  <ul className="space-y-2">
                    {namesakes.map((account) => (
                      <li key={account.slug}>
                        <AccountFacts account={account} t={t} />
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <p>
                <Link href={`/accounts/${result.account.slug}`} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4">
                  {t('dir.verify.viewAccount')}
                </Link>
              </p>
            </Card>
          ) : result.status === 'not_official' && result.account ? (
            <Card className="space-y-3 bg-red-50 ring-2 ring-red-700">
              <h2 id="verify-result" className="flex items-center gap-2 text-xl font-semibold text-red-900">
                <span aria-hidden="true">⚠</span> {t('dir.verify.notOfficial')}
              </h2>
              <p className="text-red-950">
                {result.account.flaggedImpostor
                  ? t('dir.verify.impostorBody', { name: result.account.name })
                  : t('dir.verify.notOfficialBody', { name: result.account.name, wechatId: result.account.wechatId ?? '—' })}
              </p>
              <AccountFacts account={result.account} t={t} />
              {/* Who opened it and what became of it: the directory's own note on the account. */}
              {!result.account.flaggedImpostor && result.account.description ? (
                <div className="text-red-950">
                  <p className="font-medium">{t('dir.verify.aboutAccount')}</p>
                  <p>{result.account.description}</p>
                </div>
              ) : null}
              {result.lookalikeOf ? <FollowInstead t={t} label={t('dir.verify.followInstead')} matches={[result.lookalikeOf.official]} /> : null}
              {result.sameKind ? <Instead t={t} locale={locale} sameKind={result.sameKind} /> : null}
            </Card>
          ) : (
            <Card className="space-y-2 bg-amber-50 ring-2 ring-amber-600">
              <h2 id="verify-result" className="flex items-center gap-2 text-xl font-semibold text-amber-950">
                <span aria-hidden="true">?</span> {t('dir.verify.unknown')}
              </h2>
              <p className="text-amber-950">{t('dir.verify.unknownBody', { q })}</p>
              {result.lookalikeOf ? <FollowInstead t={t} label={t('dir.verify.didYouMean')} matches={[result.lookalikeOf.official]} /> : null}
            </Card>
          )}
        </section>
      ) : null}

      <section aria-labelledby="report-heading" className="space-y-2">
        <h2 id="report-heading" className="text-xl font-semibold">
          {t('dir.verify.report')}
        </h2>
        <p className="text-slate-700">{t('dir.verify.reportIntro')}</p>
        <Card>
          <ReportForm
            defaultName={result && result.status !== 'official' ? (result.account?.name ?? q) : ''}
            defaultWechatId={result && result.status !== 'official' ? (result.account?.wechatId ?? '') : ''}
            labels={{
              name: t('dir.verify.reportName'),
              wechatId: t('dir.verify.reportWechatId'),
              reason: t('dir.verify.reportReason'),
              submit: t('dir.verify.reportSubmit'),
              pending: t('dir.verify.reportPending'),
              thanks: t('dir.verify.reportThanks'),
              limited: t('dir.verify.reportLimited'),
              nameError: t('dir.verify.reportNameError'),
              wechatIdError: t('dir.verify.reportWechatIdError'),
              reasonError: t('dir.verify.reportReasonError'),
            }}
          />
        </Card>
      </section>
    </div>
  );
}

type T = Awaited<ReturnType<typeof getTranslator>>['t'];

function FollowInstead({ t, label, matches }: { t: T; label: string; matches: PublicAccount[] }) {
  return (
    <div className="space-y-2 rounded-lg bg-white p-3 text-slate-900 ring-1 ring-slate-200">
      <p className="font-medium">{label}</p>
      {matches.map((match) => (
        <div key={match.slug}>
          <p className="flex flex-wrap items-center gap-2">
            <Link href={`/accounts/${match.slug}`} className="inline-flex min-h-11 items-center text-lg font-semibold text-brand-700 underline underline-offset-4">
              {match.name}
            </Link>
            <VerificationBadge t={t} official={match.official} flaggedImpostor={match.flaggedImpostor} />
          </p>
          <p className="text-sm text-slate-700">{[match.department, match.wechatId].filter(Boolean).join(' · ')}</p>
        </div>
      ))}
    </div>
  );
}

/**
 * What to do instead when a non-official account imitates no official one: follow the city's
 * official accounts of that kind, or — when the directory has none yet — where to turn meanwhile.
 */
function Instead({ t, locale, sameKind }: { t: T; locale: Locale; sameKind: SameKind }) {
  const city = regionName(sameKind.city, locale);
  const category = categoryLabel(t, sameKind.category);
  if (sameKind.officials.length) return <FollowInstead t={t} label={t('dir.verify.sameKindOfficial', { city, category })} matches={sameKind.officials} />;
  return (
    <>
      <div className="space-y-2 rounded-lg bg-white p-3 text-slate-900 ring-1 ring-slate-200">
        <p className="font-medium">{t('dir.verify.noOfficialYet', { city, category })}</p>
        <p>{sameKind.category === 'police' ? t('dir.verify.insteadPolice') : t('dir.verify.insteadGeneral')}</p>
      </div>
      {sameKind.cityGovernment.length ? (
        <FollowInstead t={t} label={t('dir.verify.cityGovernment', { city })} matches={sameKind.cityGovernment} />
      ) : null}
    </>
  );
}
