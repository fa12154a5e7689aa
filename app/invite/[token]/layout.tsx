import Link from 'next/link';
import type { ReactNode } from 'react';
import { getTranslator } from '@/lib/i18n/server';
import { invitationFor } from './invitation';

type Props = { children: ReactNode; params: Promise<{ token: string }> };

/**
 * An invitation link that cannot be used (unknown, expired, used, withdrawn) answers 404 with a
 * page that says which. The 404 is thrown one level down, in (accept)/layout.tsx, outside the
 * page's loading boundary — a notFound() inside it would arrive with status 200 — and caught by
 * this segment's not-found.tsx, which renders inside this layout; so the reason, which only this
 * layout can know (a not-found page gets no params), is said here.
 */
export default async function InviteLayout({ children, params }: Props) {
  const view = await invitationFor((await params).token);
  if (view.state === 'valid') return children;
  const { t } = await getTranslator();
  return (
    <div className="mx-auto max-w-md space-y-4 py-6">
      <h1 className="text-2xl font-bold">{t('invite.invalid.heading')}</h1>
      <p className="text-slate-700" data-testid="invite-invalid" data-state={view.state}>
        {t(`invite.invalid.${view.state}`)}
      </p>
      {children}
      <p className="flex flex-wrap gap-x-6">
        <Link href="/login" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('invite.signInLink')}
        </Link>
        <Link href="/" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
          {t('invite.invalid.home')}
        </Link>
      </p>
    </div>
  );
}
