import type { FormCopy, FormField } from '@/components/accounts/account-form';
import type { Account, Region } from '@/db/schema';
import { accountCategory, verificationMethod } from '@/db/schema';
import { accountsAdminZh } from '@/lib/i18n/dict/accounts-admin';
import type { Locale } from '@/lib/i18n/locales';
import type { MessageKey, Translate } from '@/lib/i18n/messages';

/** Field descriptors and copy shared by the new-account and settings pages (components/accounts/account-form.tsx). */

const ERROR_KEYS = Object.keys(accountsAdminZh).filter((k) => k.startsWith('accountsAdmin.error.')) as MessageKey[];

export function formCopy(t: Translate, submit: MessageKey): FormCopy {
  return {
    submit: t(submit),
    pending: t('accountsAdmin.pending'),
    generate: t('accountsAdmin.dev.generate'),
    generatedHint: t('accountsAdmin.dev.generatedHint'),
    messages: {
      saved: t('accountsAdmin.saved'),
      reactivated: t('accountsAdmin.status.reactivated'),
      invalid: t('accountsAdmin.invalid'),
      error: t('accountsAdmin.error'),
      ...Object.fromEntries(ERROR_KEYS.map((k) => [k.replace('accountsAdmin.', ''), t(k)])),
    },
  };
}

const label = (t: Translate, name: string) => t(`accountsAdmin.field.${name}` as MessageKey);
const help = (t: Translate, name: string) => {
  const key = `accountsAdmin.help.${name}`;
  return key in accountsAdminZh ? t(key as MessageKey) : undefined;
};

export function profileFields(t: Translate, locale: Locale, regions: Region[], a: Partial<Account> = {}): FormField[] {
  const text = (name: keyof Account & string, kind: FormField['kind'] = 'text', extra: Partial<FormField> = {}): FormField => ({
    name,
    label: label(t, name),
    hint: help(t, name),
    kind,
    defaultValue: (a[name] as string | null | undefined) ?? '',
    ...extra,
  });
  return [
    text('name', 'text', { required: true }),
    {
      name: 'type',
      label: label(t, 'type'),
      kind: 'select',
      defaultValue: a.type ?? 'service',
      options: (['subscription', 'service'] as const).map((v) => ({ value: v, label: t(`accountsAdmin.type.${v}`) })),
    },
    text('wechatId', 'text', { mono: true }),
    text('originalId', 'text', { mono: true }),
    {
      name: 'category',
      label: label(t, 'category'),
      kind: 'select',
      defaultValue: a.category ?? 'government',
      options: accountCategory.enumValues.map((v) => ({ value: v, label: t(`dir.category.${v}` as MessageKey) })),
    },
    {
      name: 'regionCode',
      label: label(t, 'regionCode'),
      kind: 'select',
      defaultValue: a.regionCode ?? '',
      options: [{ value: '', label: t('accountsAdmin.region.none') }, ...regions.map((r) => ({ value: r.code, label: locale === 'en' ? r.nameEn : r.name }))],
    },
    text('department'),
    text('avatarUrl', 'url', { wide: true }),
    text('followUrl', 'url', { wide: true }),
    text('description', 'textarea'),
  ];
}

export function verificationFields(t: Translate, a: Partial<Account> = {}): FormField[] {
  const verifiedOn = a.verifiedAt ? new Date(a.verifiedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : '';
  return [
    { name: 'verified', label: label(t, 'verified'), kind: 'checkbox', defaultValue: a.verified ? 'on' : 'off', wide: true },
    {
      name: 'verificationMethod',
      label: label(t, 'verificationMethod'),
      kind: 'select',
      defaultValue: a.verificationMethod ?? '',
      options: [{ value: '', label: '—' }, ...verificationMethod.enumValues.map((v) => ({ value: v, label: t(`dir.account.method.${v}` as MessageKey, { domain: '…' }) }))],
    },
    { name: 'verifiedOn', label: label(t, 'verifiedOn'), kind: 'date', defaultValue: verifiedOn },
    { name: 'verificationEvidence', label: label(t, 'verificationEvidence'), hint: help(t, 'verificationEvidence'), kind: 'text', defaultValue: a.verificationEvidence ?? '', wide: true },
  ];
}
