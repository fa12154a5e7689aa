import { getTranslator } from '@/lib/i18n/server';

export default async function InboxLoading() {
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
