import type { Metadata } from 'next';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { env } from '@/lib/env';
import { authOptions } from '@/lib/auth/next-auth';
import { loginErrorText } from '@/lib/auth/login-error';
import { safeCallbackPath } from '@/lib/auth/safe-callback';
import { getTranslator } from '@/lib/i18n/server';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('login.heading') };
}

type Props = { searchParams: Promise<{ error?: string; callbackUrl?: string }> };

export default async function LoginPage({ searchParams }: Props) {
  const { error, callbackUrl } = await searchParams;
  const { t } = await getTranslator();
  // Only a path on our own origin (docs/reliability.md E7); the origin is NEXTAUTH_URL, never a header.
  const requested = safeCallbackPath(callbackUrl, env().baseUrl);
  // Sent back here once signed in, this page would redirect to itself for ever.
  const safeCallback = /^\/login(?:[/?#]|$)/.test(requested) ? '/admin' : requested;
  const session = await getServerSession(authOptions);
  if (session?.user && error !== 'SessionExpired' && error !== 'PasswordChanged') redirect(safeCallback);
  const labels = {
    email: t('login.email'),
    password: t('login.password'),
    submit: t('login.submit'),
    pending: t('login.pending'),
    invalid: t('login.invalid'),
    throttled: t('login.throttled'),
    attemptsLeft: t('login.attemptsLeft'),
    attemptsNone: t('login.attemptsNone'),
  };
  const initialError =
    error === 'SessionExpired' ? t('login.expired') : error === 'PasswordChanged' ? t('admin.password.changed') : error ? loginErrorText(error, labels) : null;
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{t('login.heading')}</h1>
      <Card>
        <LoginForm
          callbackUrl={safeCallback}
          initialError={initialError}
          labels={labels}
        />
      </Card>
      {env().WEGOV_DEMO ? (
        <Card className="text-sm text-slate-700">
          <h2 className="font-semibold">{t('login.demo')}</h2>
          <ul className="mt-1 space-y-0.5">
            <li>admin@wegov.local</li>
            <li>youth@wegov.local</li>
            <li>police@wegov.local</li>
          </ul>
          <p className="mt-1">
            <code>wegov-demo</code>
          </p>
        </Card>
      ) : null}
    </div>
  );
}
