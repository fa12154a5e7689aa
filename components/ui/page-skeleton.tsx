/** Placeholder shown while a page's data loads (used by loading.tsx files). */
export function PageSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-3 py-6">
      <span className="sr-only">加载中… Loading…</span>
      <div className="h-6 w-1/3 animate-pulse rounded bg-slate-200" />
      <div className="h-24 animate-pulse rounded bg-slate-200" />
      <div className="h-24 animate-pulse rounded bg-slate-200" />
    </div>
  );
}
