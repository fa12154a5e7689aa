import Link from 'next/link';
import type { LookalikeMatch } from '@/lib/directory/lookalike';
import type { Translate } from '@/lib/i18n/messages';

export function LookalikeWarning({ t, match }: { t: Translate; match: LookalikeMatch }) {
  return (
    <div className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
      <p>{t('dir.lookalike.warning', { name: match.official.name })}</p>
      <p className="mt-1">
        <Link href={`/accounts/${match.official.slug}`} className="relative z-10 inline-flex min-h-11 items-center font-semibold underline underline-offset-4">
          {t('dir.lookalike.follow', { name: match.official.name })}
        </Link>
      </p>
    </div>
  );
}
