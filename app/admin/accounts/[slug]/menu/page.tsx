import Link from 'next/link';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { Written } from '@/components/ui/written';
import { can } from '@/lib/auth/permissions';
import { requireAccount } from '@/lib/auth/session';
import { formatDateTime } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { knownClickKeys } from '@/lib/menu/known-keys';
import { readLinkReport } from '@/lib/menu/link-report';
import { fromWechatMenu, storedMenu } from '@/lib/menu/model';
import { menuPublishStatus } from '@/lib/menu/status';
import { checkMenuLinks, publishMenu, saveMenu } from './actions';
import { MenuEditor, type MenuEditorCopy } from './menu-editor';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('menuTags.menu.heading') };
}

export default async function MenuPage({ params }: Props) {
  const { slug } = await params;
  const { account, role } = await requireAccount(slug, 'menu.edit');
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const [keys, status] = await Promise.all([knownClickKeys(db, account.id), menuPublishStatus(db, account.id)]);
  // The draft, else what is live, else one empty button to start from.
  const initial = storedMenu(account.menuDraft) ?? fromWechatMenu(account.menu) ?? { buttons: [{ name: '', type: 'click' as const, key: '', sub: [] }] };
  const report = readLinkReport(account.menuLinkReport);
  const m = (k: string) => t(`menuTags.${k}` as MessageKey);
  const copy: MenuEditorCopy = {
    button: m('menu.button'),
    sub: m('menu.sub'),
    subHint: m('menu.subHint'),
    name: m('field.name'),
    type: m('field.type'),
    key: m('field.key'),
    keyHint: m('field.keyHint'),
    url: m('field.url'),
    typeClick: m('type.click'),
    typeView: m('type.view'),
    bytes: m('bytes'),
    addButton: m('action.addButton'),
    addSub: m('action.addSub'),
    removeButton: m('action.removeButton'),
    removeSub: m('action.removeSub'),
    save: m('action.save'),
    saving: m('action.saving'),
    check: m('action.check'),
    checking: m('action.checking'),
    publish: m('action.publish'),
    publishing: m('action.publishing'),
    ignoreBroken: m('field.ignoreBroken'),
    unsaved: m('error.unsaved'),
    previewHeading: m('preview.heading'),
    previewEmpty: m('preview.empty'),
    previewChat: m('preview.chat'),
    messages: {
      saved: m('done.saved'),
      checked: m('done.checked'),
      published: m('done.published'),
      ...Object.fromEntries(['required', 'too_long', 'bad_url', 'count', 'invalid', 'broken_links', 'no_draft'].map((c) => [c, m(`error.${c}`)])),
    },
  };
  const knownKeys = keys.map((k) => ({ key: k.key, label: 'tag' in k ? t(`menuTags.key.${k.kind}`, { tag: k.tag }) : m(`key.${k.kind}`) }));
  const reason = (error?: string) => {
    if (!error) return '';
    const http = /^http_(\d+)$/.exec(error);
    return http ? t('menuTags.linkError.http', { status: http[1]! }) : m(`linkError.${error}`);
  };
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{m('menu.heading')}</h1>
      <p className="text-slate-700">{m('menu.intro')}</p>
      <p className="text-sm text-slate-700">{m('menu.limits')}</p>
      <Card>
        <h2 className="font-semibold">{m('status.heading')}</h2>
        <p className="text-sm" aria-live="polite">
          {status.state === 'pending'
            ? m('status.pending')
            : status.state === 'failed'
              ? t('menuTags.status.failed', { error: status.error })
              : account.menuPublishedAt
                ? t('menuTags.status.publishedAt', { at: formatDateTime(account.menuPublishedAt, locale) })
                : m('status.never')}
        </p>
      </Card>
      <MenuEditor
        account={account.slug}
        accountName={account.name}
        initial={initial}
        knownKeys={knownKeys}
        copy={copy}
        saveAction={saveMenu}
        checkAction={checkMenuLinks}
        publishAction={publishMenu}
        canPublish={can(role, 'menu.publish')}
      />
      <section aria-labelledby="menu-links" className="space-y-2">
        <h2 id="menu-links" className="text-lg font-semibold">
          {m('links.heading')}
        </h2>
        {report.length === 0 ? (
          <p className="text-sm text-slate-700">{m('links.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
            {report.map((r) => (
              <li key={r.url} className="space-y-1 px-4 py-2 text-sm">
                <p className="break-all font-mono">{r.url}</p>
                <p className={r.ok ? 'text-green-800' : 'font-medium text-red-700'}>
                  {r.ok ? m('links.ok') : t('menuTags.links.broken', { reason: reason(r.error) })}
                  {' · '}
                  {t('menuTags.links.checkedAt', { at: formatDateTime(new Date(r.checkedAt), locale) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
