import Link from 'next/link';
import { deliveryCopy } from '@/components/broadcasts/delivery-copy';
import { ButtonForm, GuestForm, PolicyForm, Section } from '@/components/broadcasts/delivery-forms';
import { Written } from '@/components/ui/written';
import { getDb } from '@/db';
import { listGuests } from '@/lib/broadcasts/guests';
import { policyOf, presetOf } from '@/lib/broadcasts/quota';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import type { MessageKey } from '@/lib/i18n/messages';
import { addGuest, removeGuest, setQuotaPolicy, setTrialMode } from './actions';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('bcd.delivery.heading') };
}

/** Trial mode, the guest list and the quota policy of one account (docs/broadcasts.md "Sending", "Quota"). */
export default async function DeliveryPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'broadcasts.delivery_settings');
  const { t, locale } = await getTranslator();
  const guests = await listGuests({ db: await getDb(), accountId: account.id });
  const copy = deliveryCopy(t, { trial: 'trial.ok', guestAdded: 'guests.added', guestRemoved: 'guests.removed', policy: 'policy.ok' });
  const hidden = { account: account.slug };
  const policy = policyOf(account);
  const windowWord = t(`bcd.window.${policy.window}` as MessageKey);
  const cap = policy.followerMonthlyCap === null ? '' : t('bcd.planner.cap', { cap: policy.followerMonthlyCap });
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('bcd.delivery.heading')}</h1>
      <Section title={t('bcd.trial.heading')} id="trial-heading">
        <p data-testid="trial-state">{account.trialMode ? t('bcd.trial.onText') : t('bcd.trial.offText')}</p>
        <ButtonForm
          action={setTrialMode}
          hidden={{ ...hidden, trialMode: account.trialMode ? 'off' : 'on' }}
          label={account.trialMode ? t('bcd.trial.turnOff') : t('bcd.trial.turnOn')}
          pendingLabel={t('bcd.send.pending')}
          copy={copy}
          variant={account.trialMode ? 'primary' : 'secondary'}
        />
      </Section>
      <Section title={t('bcd.guests.heading')} id="guests-heading">
        <p className="text-sm text-slate-700">{t('bcd.guests.intro')}</p>
        {guests.length === 0 ? (
          <p className="text-slate-700">{t('bcd.guests.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-200" data-testid="guest-list">
            {guests.map((g) => {
              const name = g.name ?? g.openid;
              return (
                <li key={g.followerId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="break-all">
                    {name}
                    {g.name ? <span className="ml-2 font-mono text-xs text-slate-600">{g.openid}</span> : null}
                    {g.subscribed ? null : <span className="ml-2 text-sm text-red-700">{t('bcd.guests.unsubscribed')}</span>}
                  </span>
                  <ButtonForm
                    action={removeGuest}
                    hidden={{ ...hidden, followerId: String(g.followerId) }}
                    label={t('bcd.guests.remove')}
                    ariaLabel={t('bcd.guests.removeNamed', { name })}
                    pendingLabel={t('bcd.send.pending')}
                    copy={copy}
                  />
                </li>
              );
            })}
          </ul>
        )}
        <GuestForm action={addGuest} hidden={hidden} copy={copy} />
      </Section>
      <Section title={t('bcd.policy.heading')} id="policy-heading">
        <p data-testid="policy-current">{t('bcd.policy.current', { window: windowWord, limit: policy.limit, cap })}</p>
        {can(role, 'broadcasts.quota_policy') ? (
          <PolicyForm action={setQuotaPolicy} hidden={hidden} copy={copy} current={{ preset: presetOf(policy) ?? 'custom', limit: policy.limit, window: policy.window, cap: policy.followerMonthlyCap }} />
        ) : (
          <p className="text-sm text-slate-700">{t('bcd.policy.platformOnly')}</p>
        )}
      </Section>
    </div>
  );
}
