import { getTranslator } from '@/lib/i18n/server';

/**
 * The list's skeleton while it loads. Not a loading.tsx: that boundary would start streaming with
 * status 200 before the page's access check, and a foreign `?account=` answered its not-found page
 * with 200 (docs/reliability.md F1). The page shows this in a <Suspense> after the check.
 */
export async function InboxLoading() {
  const { t } = await getTranslator();
  return (
    <div role="status" aria-live="polite" className="space-y-2">
      <p className="text-slate-600">{t('inbox.loading')}</p>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-24 animate-pulse rounded-xl bg-slate-200" />
      ))}
    </div>
  );
}
