import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { followerBandLabel } from '@/lib/directory/follower-band';
import type { LookalikeMatch } from '@/lib/directory/lookalike';
import type { PublicAccount } from '@/lib/directory/public-account';
import type { Locale, Translate } from '@/lib/i18n/messages';
import { categoryLabel } from './labels';
import { LookalikeWarning } from './lookalike-warning';
import { VerificationBadge } from './verification-badge';
import { regionName } from '@/lib/i18n/messages';
import { Written } from '@/components/ui/written';

/**
 * The whole card is the tap target (issue 11, item 6): one link, named by the account, whose
 * ::after covers the card (the "stretched link"), so no interactive element sits inside another.
 * The look-alike warning's own link is lifted above that cover (`relative z-10`) and stays a
 * separate target.
 */
export function AccountCard({ account, lookalike, t, locale }: { account: PublicAccount; lookalike?: LookalikeMatch; t: Translate; locale: Locale }) {
  const region = account.region ? regionName(account.region, locale) : null;
  return (
    <Card className="relative h-full hover:ring-brand-600 has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-brand-600">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <Written as="h3" locale={locale} className="text-lg font-semibold">
          <Link
            href={`/accounts/${account.slug}`}
            className="underline-offset-4 after:absolute after:inset-0 after:rounded-xl after:content-[''] hover:underline"
          >
            {account.name}
          </Link>
        </Written>
        <VerificationBadge t={t} official={account.official} flaggedImpostor={account.flaggedImpostor} />
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {[account.department, account.wechatId ? `${t('dir.card.wechatId')} ${account.wechatId}` : null].filter(Boolean).join(' · ')}
      </p>
      <p className="mt-1 text-sm text-slate-700">
        {[region, categoryLabel(t, account.category), t('dir.card.followers', { band: followerBandLabel(account.followerBand, locale) })].filter(Boolean).join(' · ')}
      </p>
      {account.description ? (
        <Written as="p" locale={locale} className="mt-2 line-clamp-2 text-slate-800">
          {account.description}
        </Written>
      ) : null}
      {!account.official && lookalike ? <LookalikeWarning t={t} match={lookalike} /> : null}
    </Card>
  );
}
