import Link from 'next/link';
import type { AccountAvatar } from '@/lib/directory/avatar';
import type { PublicAccount } from '@/lib/directory/public-account';
import { cn } from '@/lib/cn';
import type { Translate } from '@/lib/i18n/messages';
import { CopyButton } from './copy-button';
import { VerificationBadge } from './verification-badge';

/**
 * What tells one account from another of the same name: the WeChat id and the original id
 * (unique in WeChat, an impostor cannot copy them), the verified subject and the avatar. Shown
 * where a citizen decides whether the account in their WeChat is the official one.
 */
export function AccountFacts({ account, avatar, t }: { account: PublicAccount; /** Undefined: no avatar row (an unofficial account's is nothing to compare with). */ avatar?: AccountAvatar | null; t: Translate }) {
  return (
    <div className="space-y-3 rounded-lg bg-white p-3 text-slate-900 ring-1 ring-slate-200">
      <div className="flex items-start gap-3">
        {avatar ? (
          <figure className="shrink-0">
            {/* eslint-disable-next-line @next/next/no-img-element -- a WeChat head image from WeChat's hosts (allowed by the CSP) or a data: URL; next/image would need each host allow-listed */}
            <img src={avatar.src} alt={t('dir.facts.avatarAlt', { name: account.name })} width={64} height={64} className="size-16 rounded-lg object-cover ring-1 ring-slate-200" />
            {!avatar.registered ? <figcaption className="mt-1 w-16 text-xs text-slate-700">{t('dir.facts.avatarDemo')}</figcaption> : null}
          </figure>
        ) : null}
        <div className="min-w-0 space-y-1">
          <h3 className="text-lg font-semibold">
            <Link href={`/accounts/${account.slug}`} className={cn('inline-flex min-h-11 items-center underline underline-offset-4', account.official ? 'text-brand-700' : 'text-slate-900')}>
              {account.name}
            </Link>
          </h3>
          <VerificationBadge t={t} official={account.official} flaggedImpostor={account.flaggedImpostor} />
        </div>
      </div>
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-2">
        <dt className="text-slate-700">{t('dir.facts.wechatId')}</dt>
        <dd className="flex min-w-0 flex-wrap items-center gap-2">
          {account.wechatId ? (
            <>
              <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-base">{account.wechatId}</code>
              <CopyButton value={account.wechatId} label={t('dir.account.copy')} copiedLabel={t('dir.account.copied')} failedLabel={t('dir.account.copyFailed')} />
            </>
          ) : (
            t('dir.facts.notSet')
          )}
        </dd>
        <dt className="text-slate-700">{t('dir.facts.originalId')}</dt>
        <dd className="min-w-0">
          {account.originalId ? <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-base">{account.originalId}</code> : t('dir.facts.notSet')}
        </dd>
        {account.department ? (
          <>
            {/* Only a verified account has a verified subject; for another it is who says they run it. */}
            <dt className="text-slate-700">{t(account.official ? 'dir.facts.subject' : 'dir.account.department')}</dt>
            <dd className="min-w-0">{account.department}</dd>
          </>
        ) : null}
        {avatar === null ? (
          <>
            <dt className="text-slate-700">{t('dir.facts.avatar')}</dt>
            <dd className="min-w-0 text-slate-700">{t('dir.facts.noAvatar')}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}

/** How to hold an official account's facts against the account a citizen sees in WeChat. */
export function CheckInWechat({ account, t }: { account: PublicAccount; t: Translate }) {
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t('dir.verify.compareHeading')}</h3>
      <ol className="list-decimal space-y-1 pl-6">
        <li>{t('dir.verify.compare1')}</li>
        <li>{account.wechatId ? t('dir.verify.compare2', { wechatId: account.wechatId }) : t('dir.verify.compare2NoId')}</li>
        {account.department ? <li>{t('dir.verify.compare3', { subject: account.department })}</li> : null}
        {account.originalId ? <li>{t('dir.verify.compare4', { originalId: account.originalId })}</li> : null}
        <li>{t('dir.verify.compare5')}</li>
      </ol>
    </div>
  );
}
