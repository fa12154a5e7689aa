import { getTranslator } from '@/lib/i18n/server';
import { SignOutControls } from './sign-out-controls';

/** The sign-out controls of the admin bar: this session, or every session of this user (E10). */
export async function SignOutButton({ label }: { label: string }) {
  const { t } = await getTranslator();
  return <SignOutControls labels={{ signOut: label, everywhere: t('nav.logoutEverywhere') }} />;
}
