import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CopyButton } from '@/components/directory/copy-button';
import { EventCard } from '@/components/directory/event-card';
import { categoryLabel, typeLabel } from '@/components/directory/labels';
import { LookalikeWarning } from '@/components/directory/lookalike-warning';
import { FollowQr } from '@/components/directory/qr-code';
import { VerificationBadge } from '@/components/directory/verification-badge';
import { Card } from '@/components/ui/card';
import { ListSection } from '@/components/ui/list-section';
import { getDb } from '@/db';
import { listArchive } from '@/lib/broadcasts/publish';
import { loadAccountPage } from '@/lib/directory/account-page';
import { avatarFor } from '@/lib/directory/avatar';
import { followUrlFor } from '@/lib/directory/follow-qr';
import { followerBandLabel } from '@/lib/directory/follower-band';
import { env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { regionName } from '@/lib/i18n/messages';
import { Written } from '@/components/ui/written';

export const dynamic = 'force-dynamic';

const load = cache(async (slug: string) => loadAccountPage({ db: await getDb(), slug }));

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const data = await load(slug);
  if (!data) return {};
  const { account } = data;
  const description = account.description || account.department || '';
  // The share image is the follow QR code: it renders offline with no CJK font to ship, and a
  // shared link then carries the one thing a citizen needs — a way to follow.
  const image = new URL(`/accounts/${account.slug}/qr.png?size=600`, env().baseUrl).toString();
  return {
    title: account.name,
    description,
    openGraph: { title: account.name, description, type: 'profile', images: [{ url: image, width: 600, height: 600, alt: account.name }] },
    alternates: { canonical: `/accounts/${account.slug}` },
  };
}

export default async function AccountPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const data = await load(slug);
  if (!data) notFound();
  const { t, locale } = await getTranslator();
  const { account } = data;
  // Articles published without a push (docs/broadcasts.md "Publishing"), newest first.
  const articles = await listArchive({ db: await getDb(), accountId: account.id });
  const { baseUrl, simulatorEnabled } = env();
  const followUrl = followUrlFor(account, { baseUrl, simulatorEnabled });
  const avatar = avatarFor(account, { simulatorEnabled });
  const region = account.region ? regionName(account.region, locale) : null;
  const v = account.verification;
  return (
    <article className="space-y-6">
      <p>
        <Link href="/" className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
          {t('dir.account.back')}
        </Link>
      </p>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          {avatar ? (
            // Decorative here: the name stands beside it; /verify names it among the facts to compare.
            // eslint-disable-next-line @next/next/no-img-element -- a WeChat head image (CSP-allowed hosts) or a data: URL; next/image would need each host allow-listed
            <img src={avatar.src} alt="" width={48} height={48} className="size-12 rounded-lg object-cover ring-1 ring-slate-200" />
          ) : null}
          <Written as="h1" locale={locale} className="text-2xl font-bold">
            {account.name}
          </Written>
          <VerificationBadge t={t} official={account.official} flaggedImpostor={account.flaggedImpostor} />
        </div>
        {account.department ? <p className="text-slate-700">{account.department}</p> : null}
        {account.description ? (
          <Written as="p" locale={locale} className="whitespace-pre-line text-slate-800">
            {account.description}
          </Written>
        ) : null}
      </header>

      {!account.official ? (
        <div role="alert" className="rounded-xl bg-red-50 p-4 text-red-900 ring-1 ring-red-200">
          <p className="font-semibold">{t('dir.account.notVerified')}</p>
          {data.lookalike ? <LookalikeWarning t={t} match={data.lookalike} /> : null}
        </div>
      ) : null}

      {account.official ? (
        <section aria-labelledby="follow-heading">
          <Card className="space-y-4">
            <h2 id="follow-heading" className="text-xl font-semibold">
              {t('dir.account.follow')}
            </h2>
            {followUrl ? (
              <figure className="flex flex-col items-center gap-2">
                <FollowQr slug={account.slug} alt={t('dir.account.qrAlt', { name: account.name })} displayPx={240} />
                <figcaption className="max-w-60 text-center text-slate-800">{t('dir.account.qrHint')}</figcaption>
                <a href={`/accounts/${account.slug}/qr.png`} download={`${account.slug}-qr.png`} className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
                  {t('dir.account.qrDownload')}
                </a>
              </figure>
            ) : (
              <p>{t('dir.account.noQr')}</p>
            )}
            {/* The text alternative to the code: the id to search for in WeChat, ready to paste. */}
            {account.wechatId ? (
              <div className="flex flex-wrap items-center gap-3">
                <span>
                  {t('dir.card.wechatId')}{' '}
                  <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-base">{account.wechatId}</code>
                </span>
                <CopyButton value={account.wechatId} label={t('dir.account.copy')} copiedLabel={t('dir.account.copied')} failedLabel={t('dir.account.copyFailed')} />
              </div>
            ) : null}
            <div>
              <h3 className="font-semibold">{t('dir.account.howTo')}</h3>
              <ol className="mt-2 list-decimal space-y-1 pl-6 text-slate-800">
                <li>{t('dir.account.step1')}</li>
                <li>{t('dir.account.step2', { wechatId: account.wechatId ?? '—' })}</li>
                <li>{t('dir.account.step3')}</li>
              </ol>
            </div>
            {data.keywords.length > 0 ? (
              <div>
                <h3 className="font-semibold">{t('dir.account.keywords')}</h3>
                {/* Keywords are matched as written: readers of another language are told so (docs/accessibility.md). */}
                {locale !== 'zh-CN' ? <p className="mt-1 text-sm text-slate-700">{t('dir.account.keywordsAsShown')}</p> : null}
                <ul className="mt-2 flex flex-wrap gap-2">
                  {data.keywords.map((k) => (
                    <Written as="li" locale={locale} key={k} className="rounded-full bg-brand-50 px-3 py-1 text-brand-800 ring-1 ring-brand-100">
                      {k}
                    </Written>
                  ))}
                </ul>
              </div>
            ) : null}
          </Card>
        </section>
      ) : null}

      <section aria-labelledby="details-heading">
        <Card>
          <h2 id="details-heading" className="text-xl font-semibold">
            {t('dir.account.details')}
          </h2>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            {account.department ? (
              <>
                <dt className="text-slate-700">{t('dir.account.department')}</dt>
                <dd>{account.department}</dd>
              </>
            ) : null}
            {region ? (
              <>
                <dt className="text-slate-700">{t('dir.account.region')}</dt>
                <dd>{region}</dd>
              </>
            ) : null}
            {account.wechatId ? (
              <>
                <dt className="text-slate-700">{t('dir.facts.wechatId')}</dt>
                <dd className="break-all">{account.wechatId}</dd>
              </>
            ) : null}
            {account.originalId ? (
              <>
                <dt className="text-slate-700">{t('dir.account.originalId')}</dt>
                <dd className="break-all">{account.originalId}</dd>
              </>
            ) : null}
            <dt className="text-slate-700">{t('dir.account.category')}</dt>
            <dd>{categoryLabel(t, account.category)}</dd>
            <dt className="text-slate-700">{t('dir.account.type')}</dt>
            <dd>{typeLabel(t, account.type)}</dd>
            <dt className="text-slate-700">{t('dir.account.followers')}</dt>
            <dd>{followerBandLabel(account.followerBand, locale)}</dd>
            {v ? (
              <>
                <dt className="text-slate-700">{t('dir.account.verification')}</dt>
                <dd>
                  {v.method === 'domain' ? t('dir.account.method.domain', { domain: v.domain ?? v.by ?? '' }) : t(`dir.account.method.${v.method}`)}
                  {v.evidence ? <span className="block text-sm text-slate-700">{v.evidence}</span> : null}
                </dd>
                {v.at ? (
                  <>
                    <dt className="text-slate-700">{t('dir.account.verifiedOn')}</dt>
                    <dd>
                      <time dateTime={v.at.toISOString()}>{formatDateTime(v.at, locale).slice(0, 10)}</time>
                    </dd>
                  </>
                ) : null}
              </>
            ) : null}
          </dl>
        </Card>
      </section>

      <ListSection
        id="events"
        title={t('dir.account.events')}
        empty={t('dir.account.noEvents')}
        isEmpty={data.events.length === 0}
        footer={
          <p>
            <a href={`/accounts/${account.slug}/events.ics`} className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
              {t('dir.account.calendar')}
            </a>
          </p>
        }
      >
        <ul className="grid gap-3 sm:grid-cols-2">
          {data.events.map((event) => (
            <li key={event.id}>
              <EventCard event={event} t={t} locale={locale} showHost={false} />
            </li>
          ))}
        </ul>
      </ListSection>

      <ListSection id="articles" title={t('bcd.archive.heading')} empty={t('bcd.archive.empty')} isEmpty={articles.length === 0}>
        <ol className="space-y-2">
          {articles.map((a) => (
            <li key={a.id}>
              <Card>
                <h3 className="font-semibold">
                  {a.url ? (
                    <a href={a.url} className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4" rel="noopener noreferrer">
                      {a.title}
                    </a>
                  ) : (
                    a.title
                  )}
                </h3>
                <p className="text-sm text-slate-700">
                  <time dateTime={a.archivedAt.toISOString()}>{formatDateTime(a.archivedAt, locale)}</time>
                </p>
              </Card>
            </li>
          ))}
        </ol>
      </ListSection>

      <ListSection id="broadcasts" title={t('dir.account.broadcasts')} empty={t('dir.account.noBroadcasts')} isEmpty={data.broadcasts.length === 0}>
        <ol className="space-y-3">
          {data.broadcasts.map((b) => (
            <li key={b.id}>
              <Card>
                <h3 className="font-semibold">{b.title}</h3>
                <p className="text-sm text-slate-700">
                  <time dateTime={b.sentAt.toISOString()}>{formatDateTime(b.sentAt, locale)}</time>
                </p>
                {b.text ? <p className="mt-2 whitespace-pre-line text-slate-800">{b.text}</p> : null}
              </Card>
            </li>
          ))}
        </ol>
      </ListSection>
    </article>
  );
}
