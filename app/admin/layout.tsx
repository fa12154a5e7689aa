import Link from 'next/link';
import type { ReactNode } from 'react';
import { getDb } from '@/db';
import { LiveUpdates } from '@/components/inbox/live-updates';
import { Written } from '@/components/ui/written';
import { listAccountsForStaff } from '@/lib/auth/access';
import { requireStaff } from '@/lib/auth/session';
import { inboxActivity } from '@/lib/inbox/list';
import { getTranslator } from '@/lib/i18n/server';
import { SignOutButton } from './sign-out-button';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const { t, locale } = await getTranslator();
  const db = await getDb();
  const { unread } = await inboxActivity({ db, accountIds: (await listAccountsForStaff(db, staff, 'inbox.read')).map((a) => a.account.id) });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl bg-white px-4 py-2 text-sm ring-1 ring-slate-200">
        {/* Signed-in staff first on a phone, so the sections below can take a full row. */}
        <div className="flex w-full items-center gap-2 sm:order-last sm:ml-auto sm:w-auto">
          <Link href="/admin/account" className="inline-flex min-h-11 min-w-0 items-center truncate text-slate-600 underline-offset-4 hover:underline" title={t('admin.me.nav')}>
            <Written locale={locale}>{staff.name}</Written>
            {staff.isPlatformAdmin ? ` · ${t('role.platform_admin')}` : ''}
            <span className="sr-only"> · {t('admin.me.nav')}</span>
          </Link>
          <span className="ml-auto sm:ml-2">
            <SignOutButton label={t('nav.logout')} />
          </span>
        </div>
        <nav aria-label={t('nav.admin')} className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <Link href="/admin" className="inline-flex min-h-11 min-w-11 items-center justify-center font-semibold text-brand-700">
            {t('nav.admin')}
          </Link>
          <LiveUpdates initialUnread={unread} labels={{ nav: t('inbox.nav'), badge: t('inbox.unreadBadge'), announce: t('inbox.live.new') }} />
          <Link href="/admin/events" className="inline-flex min-h-11 min-w-11 items-center justify-center underline-offset-4 hover:underline">
            {t('events.admin.nav')}
          </Link>
          {staff.isPlatformAdmin ? (
            <Link href="/admin/reports" className="inline-flex min-h-11 min-w-11 items-center justify-center underline-offset-4 hover:underline">
              {t('dir.admin.reports')}
            </Link>
          ) : null}
        </nav>
      </div>
      {children}
    </div>
  );
}
