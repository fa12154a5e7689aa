import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { followUrlFor } from '@/lib/directory/follow-qr';
import type { NeedMatch } from '@/lib/directory/search-needs';
import type { Locale, Translate } from '@/lib/i18n/messages';
import { FollowQr } from './qr-code';
import { VerificationBadge } from './verification-badge';

/** "What do I need?" answers: the account, its QR code, and what to send after following. */
export function NeedMatches({ matches, t, baseUrl, simulatorEnabled }: { matches: NeedMatch[]; t: Translate; locale: Locale; baseUrl: string; simulatorEnabled: boolean }) {
  return (
    <section aria-labelledby="needs-heading" className="space-y-3">
      <h2 id="needs-heading" className="text-xl font-semibold">
        {t('dir.needs.heading')}
      </h2>
      <ul className="grid gap-3">
        {matches.map((match) => {
          const url = followUrlFor(match.account, { baseUrl, simulatorEnabled });
          return (
            <li key={match.account.slug}>
              <Card className="flex gap-4">
                {url ? <FollowQr slug={match.account.slug} alt={t('dir.needs.qrAlt', { name: match.account.name })} displayPx={112} className="shrink-0 self-start" /> : null}
                <div className="min-w-0 space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="text-lg font-semibold">
                      <Link href={`/accounts/${match.account.slug}`} className="inline-flex min-h-11 items-center underline-offset-4 hover:underline">
                        {match.account.name}
                      </Link>
                    </h3>
                    <VerificationBadge t={t} official={match.account.official} flaggedImpostor={match.account.flaggedImpostor} />
                  </div>
                  <p className="font-medium text-brand-800">
                    {match.send
                      ? t('dir.needs.send', { keyword: match.send })
                      : match.menu
                        ? t('dir.needs.menu', { menu: match.menu })
                        : t('dir.needs.follow')}
                  </p>
                  {match.replyPreview ? <p className="line-clamp-3 text-sm text-slate-700">{match.replyPreview}</p> : null}
                  {match.events.length > 0 ? (
                    <ul className="text-sm text-slate-800">
                      {match.events.map((e) => (
                        <li key={e.id}>
                          <Link href={`/events/${e.id}`} className="inline-flex min-h-11 items-center underline underline-offset-4">
                            {t('dir.needs.event', { title: e.title, keyword: e.registrationKeyword })}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
