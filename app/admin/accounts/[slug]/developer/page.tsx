import Link from 'next/link';
import { AccountForm, type FormField } from '@/components/accounts/account-form';
import { CopyButton } from '@/components/accounts/copy-button';
import { PageSection } from '@/components/accounts/page-section';
import { SelfTestPanel } from '@/components/accounts/self-test-panel';
import { Card } from '@/components/ui/card';
import { GRACE_HOURS } from '@/lib/accounts/account-input';
import { developerSettingsView } from '@/lib/accounts/developer-settings';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { env } from '@/lib/env';
import { formatDateTime } from '@/lib/format';
import { accountsAdminZh } from '@/lib/i18n/dict/accounts-admin';
import { getTranslator } from '@/lib/i18n/server';
import type { MessageKey } from '@/lib/i18n/messages';
import { formCopy } from '../../form-copy';
import { runSelfTest, updateCredentials } from './actions';

type Props = { params: Promise<{ slug: string }> };

const keysUnder = (prefix: string) => Object.keys(accountsAdminZh).filter((k) => k.startsWith(prefix)) as MessageKey[];

/**
 * 开发者设置 with WeChat's own labels. Everything below is built from developerSettingsView,
 * which holds no secret: the page, its RSC payload and the form defaults cannot leak one.
 */
export default async function DeveloperSettingsPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'accounts.credentials');
  const { t, locale } = await getTranslator();
  const view = developerSettingsView(account, env().baseUrl);
  const status = (set: boolean) => ({ set, label: set ? t('accountsAdmin.dev.set') : t('accountsAdmin.dev.notSet') });
  const fields: FormField[] = [
    { name: 'appId', label: t('accountsAdmin.dev.appId'), kind: 'text', defaultValue: view.appId ?? '', mono: true, wide: true },
    { name: 'appSecret', label: t('accountsAdmin.dev.appSecret'), hint: t('accountsAdmin.dev.replaceHint'), kind: 'password', status: status(view.appSecretSet), mono: true, wide: true },
    { name: 'token', label: t('accountsAdmin.dev.token'), hint: t('accountsAdmin.dev.replaceHint'), kind: 'text', status: status(view.tokenSet), generate: 'token', mono: true, wide: true },
    { name: 'encodingAesKey', label: t('accountsAdmin.dev.encodingAesKey'), hint: t('accountsAdmin.dev.replaceHint'), kind: 'text', status: status(view.encodingAesKeySet), generate: 'encodingAesKey', mono: true, wide: true },
    {
      name: 'messageMode',
      label: t('accountsAdmin.dev.messageMode'),
      kind: 'select',
      defaultValue: view.messageMode,
      options: (['plaintext', 'compatible', 'safe'] as const).map((m) => ({ value: m, label: t(`accountsAdmin.dev.mode.${m}`) })),
    },
    {
      name: 'graceHours',
      label: t('accountsAdmin.dev.grace'),
      hint: t('accountsAdmin.dev.graceHint'),
      kind: 'select',
      defaultValue: '24',
      options: GRACE_HOURS.map((h) => ({ value: String(h), label: t(`accountsAdmin.dev.grace.${h}` as MessageKey) })),
    },
  ];
  const selfTestCopy = {
    run: t('accountsAdmin.selfTest.run'),
    running: t('accountsAdmin.selfTest.running'),
    passed: t('accountsAdmin.selfTest.passed'),
    failed: t('accountsAdmin.selfTest.failed'),
    ok: t('accountsAdmin.selfTest.ok'),
    fail: t('accountsAdmin.selfTest.fail'),
    error: t('accountsAdmin.error'),
    steps: Object.fromEntries(keysUnder('accountsAdmin.selfTest.step.').map((k) => [k.split('.').pop()!, t(k)])),
    causes: Object.fromEntries(keysUnder('accountsAdmin.selfTest.cause.').map((k) => [k.split('.').pop()!, t(k)])),
  };
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← {account.name}
      </Link>
      <h1 className="text-2xl font-bold">{t('accountsAdmin.dev.heading')}</h1>
      <p className="text-slate-700">{t('accountsAdmin.dev.intro')}</p>
      <Card className="space-y-2">
        <h2 className="font-medium">{t('accountsAdmin.dev.serverUrl')}</h2>
        <p className="break-all font-mono" data-testid="server-url">
          {view.serverUrl}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <CopyButton value={view.serverUrl} label={t('accountsAdmin.dev.copy')} done={t('accountsAdmin.dev.copied')} />
        </div>
      </Card>
      <Card className="space-y-2">
        {view.previousKeyValidUntil ? <p className="text-sm text-amber-900">{t('accountsAdmin.dev.previousUntil', { date: formatDateTime(view.previousKeyValidUntil, locale) })}</p> : null}
        <AccountForm action={updateCredentials} hidden={{ slug: account.slug }} idPrefix="dev" fields={fields} copy={formCopy(t, 'accountsAdmin.dev.submit')} />
      </Card>
      {can(role, 'accounts.self_test') ? (
        <PageSection id="self-test" title={t('accountsAdmin.selfTest.heading')} intro={t('accountsAdmin.selfTest.intro')}>
          <Card>
            <SelfTestPanel action={runSelfTest} slug={account.slug} copy={selfTestCopy} />
          </Card>
        </PageSection>
      ) : null}
    </div>
  );
}
