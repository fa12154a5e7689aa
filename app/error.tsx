'use client';

// Error boundaries must be client components; copy is bilingual because no locale is at hand.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="py-16 text-center">
      <h1 className="text-2xl font-bold">出错了 · Something went wrong</h1>
      <p className="mt-2 text-slate-600">页面暂时无法显示，请稍后重试。This page cannot be shown right now.</p>
      <button type="button" onClick={reset} className="mt-6 rounded-lg bg-brand-600 px-4 py-2 text-white">
        重试 · Try again
      </button>
    </div>
  );
}
