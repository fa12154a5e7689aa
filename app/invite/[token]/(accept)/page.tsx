import type { Metadata } from 'next';
import Link from 'next/link';
import { getServerSession } from 'next-auth';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { authOptions } from '@/lib/auth/next-auth';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { formatDateTime } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { invitationFor } from '../invitation';
import { AcceptSignedIn, NewUserForm, SignOutHere, type AcceptCopy } from '../accept-forms';

type Props = { params: Promise<{ token: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  // A private link: kept out of search engines.
  return { title: t('invite.heading'), robots: { index: false, follow: false } };
}

/**
 * The invitee's page (docs/admin.md "Staff and invitations"), public and phone-first: what the
 * invitation is, then either the newcomer's form (name, password) or — when a login with that
 * email exists — sign in and accept. The layout above has already answered 404 for a link that
 * cannot be used.
 */
export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const view = await invitationFor(token);
  // The gate above decides the status; Next renders this page beside it, so it must not assume.
  if (view.state !== 'valid' || !view.invitation) notFound();
  const invitation = view.invitation;
  const { t, locale } = await getTranslator();
  const session = await getServerSession(authOptions);
  const signedInEmail = session?.user?.email ?? null;
  const sizes = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  const copy: AcceptCopy = {
    name: t('invite.name'),
    nameHint: t('invite.nameHint'),
    password: t('invite.password'),
    passwordHint: t('invite.passwordHint', sizes),
    confirm: t('invite.confirm'),
    submit: t('invite.submit'),
    accept: t('invite.accept'),
    pending: t('invite.pending'),
    done: t('invite.done'),
    doneSignIn: t('invite.doneSignIn'),
    signInLink: t('invite.signInLink'),
    errors: {
      required: t('invite.error.required'),
      too_short: t('invite.error.too_short', sizes),
      too_long: t('invite.error.too_long', sizes),
      mismatch: t('invite.error.mismatch'),
      throttled: t('invite.error.throttled'),
      exists: t('invite.error.exists'),
      other_email: t('invite.error.other_email'),
      unknown: t('invite.invalid.unknown'),
      expired: t('invite.invalid.expired'),
      used: t('invite.invalid.used'),
      revoked: t('invite.invalid.revoked'),
      generic: t('staff.error.generic'),
    },
  };
  const loginHref = `/login?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`;
  const mine = signedInEmail !== null && signedInEmail.toLowerCase() === invitation.email.toLowerCase();
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold">{t('invite.heading')}</h1>
      <Card className="space-y-2">
        <p className="font-medium" data-testid="invite-what">
          {view.account ? (
            t('invite.to', { inviter: view.inviterName ?? '', account: view.account.name, role: t(`role.${invitation.role ?? 'agent'}`) })
          ) : (
            t('invite.toPlatform')
          )}
        </p>
        <p className="break-all text-sm text-slate-700">{t('invite.email', { email: invitation.email })}</p>
        <p className="text-sm text-slate-700">{t('invite.expires', { when: formatDateTime(invitation.expiresAt, locale) })}</p>
      </Card>
      <Card className="space-y-3">
        {!view.existingUser ? (
          <NewUserForm token={token} minLength={PASSWORD_MIN_LENGTH} copy={copy} />
        ) : view.existingUser.disabled ? (
          <p role="alert">{t('invite.existingDisabled', { email: invitation.email })}</p>
        ) : mine ? (
          <>
            <p>{t('invite.signedInAs', { email: signedInEmail })}</p>
            <AcceptSignedIn token={token} copy={copy} />
          </>
        ) : signedInEmail ? (
          <>
            <p>{t('invite.otherEmail', { email: invitation.email, current: signedInEmail })}</p>
            <SignOutHere label={t('nav.logout')} />
          </>
        ) : (
          <>
            <p>{t('invite.existing', { email: invitation.email })}</p>
            <Link href={loginHref} className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
              {t('invite.signInToAccept')}
            </Link>
          </>
        )}
      </Card>
    </div>
  );
}
