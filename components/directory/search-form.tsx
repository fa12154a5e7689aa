'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useTransition, type ReactNode } from 'react';

export interface SearchFormLabels {
  search: string;
  placeholder: string;
  submit: string;
  pending: string;
  region: string;
  allRegions: string;
  category: string;
  allCategories: string;
}

export interface SearchFormProps {
  q: string;
  region: string;
  category: string;
  regions: Array<{ code: string; label: string; indent: boolean }>;
  categories: Array<{ value: string; label: string }>;
  labels: SearchFormLabels;
  /** Server-rendered results: marked busy while the next ones load. */
  children: ReactNode;
}

/**
 * A plain GET form (works without JavaScript) that, with JavaScript, refreshes the
 * server-rendered results as the citizen types. The query lives in the URL: the first change
 * pushes a history entry, later keystrokes replace it, so Back returns to before the search.
 */
export function SearchForm({ q, region, category, regions, categories, labels, children }: SearchFormProps) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);
  const [pending, startTransition] = useTransition();

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // Back/forward change the URL under an uncontrolled form: bring the fields in line, but never
  // rewrite the box the citizen is typing in.
  useEffect(() => {
    const el = form.current;
    if (!el) return;
    const input = el.elements.namedItem('q') as HTMLInputElement | null;
    if (input && input !== document.activeElement && input.value !== q) input.value = q;
    const regionSelect = el.elements.namedItem('region') as HTMLSelectElement | null;
    if (regionSelect) regionSelect.value = region;
    const categorySelect = el.elements.namedItem('category') as HTMLSelectElement | null;
    if (categorySelect) categorySelect.value = category;
  }, [q, region, category]);

  const go = (mode: 'push' | 'replace') => {
    if (!form.current) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form.current)) {
      if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
    }
    const url = params.size ? `/?${params.toString()}` : '/';
    startTransition(() => {
      if (mode === 'push') router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    });
  };

  return (
    <div className="space-y-6">
      <form
        ref={form}
        action="/"
        method="get"
        role="search"
        className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
        onSubmit={(e) => {
          e.preventDefault();
          typing.current = false;
          if (timer.current) clearTimeout(timer.current);
          go('push');
        }}
      >
        <label htmlFor="directory-q" className="block font-medium">
          {labels.search}
        </label>
        <div className="flex gap-2">
          <input
            id="directory-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            placeholder={labels.placeholder}
            autoComplete="off"
            enterKeyHint="search"
            className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base text-slate-900 placeholder:text-slate-600"
            onChange={() => {
              if (timer.current) clearTimeout(timer.current);
              timer.current = setTimeout(() => {
                go(typing.current ? 'replace' : 'push');
                typing.current = true;
              }, 300);
            }}
          />
          <button type="submit" className="min-h-11 shrink-0 rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
            {labels.submit}
          </button>
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="directory-region" className="block text-sm font-medium">
              {labels.region}
            </label>
            <select
              id="directory-region"
              name="region"
              defaultValue={region}
              className="mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base"
              onChange={() => go('push')}
            >
              <option value="">{labels.allRegions}</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.indent ? `\u3000${r.label}` : r.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="directory-category" className="block text-sm font-medium">
              {labels.category}
            </label>
            <select
              id="directory-category"
              name="category"
              defaultValue={category}
              className="mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base"
              onChange={() => go('push')}
            >
              <option value="">{labels.allCategories}</option>
              {categories.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
          {pending ? labels.pending : ''}
        </p>
      </form>
      <div aria-busy={pending} className={pending ? 'opacity-60 transition-opacity' : undefined}>
        {children}
      </div>
    </div>
  );
}
