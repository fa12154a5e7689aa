import { getTranslator } from '@/lib/i18n/server';

/** Placeholder shown while a page's data loads (used by loading.tsx files). */
export async function PageSkeleton() {
  const { t } = await getTranslator();
  return (
    <div role="status" aria-live="polite" className="space-y-3 py-6">
      <span className="sr-only">{t('loading')}</span>
      <div className="h-6 w-1/3 animate-pulse rounded bg-slate-200" />
      <div className="h-24 animate-pulse rounded bg-slate-200" />
      <div className="h-24 animate-pulse rounded bg-slate-200" />
    </div>
  );
}
