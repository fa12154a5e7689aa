import { PasswordForm } from '@/components/admin/password-form';
import { Card } from '@/components/ui/card';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password';
import { requireStaff } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { SignOutControls } from '../sign-out-controls';
import { changePassword } from './actions';

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('admin.me.heading') };
}

/**
 * The signed-in staff member's own page: change password, sign out everywhere (both `self`
 * actions, lib/auth/permissions.ts; the actions check again through runStaffCommand).
 */
export default async function MyAccountPage() {
  const staff = await requireStaff();
  const { t } = await getTranslator();
  const sizes = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };
  const errors = Object.fromEntries(
    (['required', 'wrong', 'throttled', 'too_short', 'too_long', 'mismatch', 'same'] as const).map((code) => [code, t(`admin.password.error.${code}`, sizes)]),
  );
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('admin.me.heading')}</h1>
      <p className="break-all text-slate-700">{t('admin.me.signedInAs', { email: staff.email })}</p>
      <Card className="max-w-lg space-y-3">
        <h2 className="text-lg font-semibold">{t('admin.password.heading')}</h2>
        <p className="text-sm text-slate-700">{t('admin.password.intro')}</p>
        <PasswordForm
          action={changePassword}
          minLength={PASSWORD_MIN_LENGTH}
          copy={{
            currentPassword: t('admin.password.current'),
            newPassword: t('admin.password.new'),
            confirmPassword: t('admin.password.confirm'),
            newHint: t('admin.password.newHint', sizes),
            submit: t('admin.password.submit'),
            pending: t('admin.password.pending'),
            errors,
          }}
        />
      </Card>
      <Card className="max-w-lg space-y-3">
        <h2 className="text-lg font-semibold">{t('admin.sessions.heading')}</h2>
        <p className="text-sm text-slate-700">{t('admin.sessions.intro')}</p>
        <SignOutControls labels={{ signOut: t('nav.logout'), everywhere: t('nav.logoutEverywhere') }} />
      </Card>
    </div>
  );
}
