import type { ReactNode } from 'react';

/** A titled part of an account page (verification, deactivation, self-test): heading, one line of why, the content. */
export function PageSection({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="text-slate-700">{intro}</p>
      {children}
    </section>
  );
}
