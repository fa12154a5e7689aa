import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { EventCard } from '@/components/directory/event-card';
import { categoryLabel } from '@/components/directory/labels';
import { EmptyState } from '@/components/ui/empty-state';
import { getDb } from '@/db';
import { ACCOUNT_CATEGORIES, listRegions } from '@/lib/directory/search-accounts';
import { EVENT_WINDOWS, eventWindow } from '@/lib/events/public-filters';
import { InvalidEventCursorError, listPublicEvents } from '@/lib/events/public-events';
import { getTranslator } from '@/lib/i18n/server';
import { regionName } from '@/lib/i18n/messages';

export const dynamic = 'force-dynamic';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const EventsParams = z.object({
  region: z.preprocess(first, z.string().regex(/^\d{6,12}$/).optional().catch(undefined)),
  category: z.preprocess(first, z.enum(ACCOUNT_CATEGORIES).optional().catch(undefined)),
  when: z.preprocess(first, z.enum(EVENT_WINDOWS).optional().catch(undefined)),
  cursor: z.preprocess(first, z.string().max(300).optional().catch(undefined)),
});

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('dir.events.title'), description: t('dir.events.intro') };
}

const select = 'mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base';

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t, locale } = await getTranslator();
  const params = EventsParams.parse(await searchParams);
  const db = await getDb();
  const range = params.when ? eventWindow(params.when, new Date()) : null;
  const [regions, page] = await Promise.all([
    listRegions(db),
    listPublicEvents({ db, region: params.region, category: params.category, from: range?.from, to: range?.to, cursor: params.cursor, limit: 20 }).catch((error: unknown) => {
      if (error instanceof InvalidEventCursorError) return { items: [], nextCursor: null };
      throw error;
    }),
  ]);
  const filtered = Boolean(params.region || params.category || params.when);
  const next = new URLSearchParams();
  if (params.region) next.set('region', params.region);
  if (params.category) next.set('category', params.category);
  if (params.when) next.set('when', params.when);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t('dir.events.heading')}</h1>
        <p className="mt-1 text-slate-700">{t('dir.events.intro')}</p>
      </div>
      <form action="/events" method="get" className="grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-4 sm:items-end">
        <div>
          <label htmlFor="events-region" className="block text-sm font-medium">
            {t('dir.filter.region')}
          </label>
          <select id="events-region" name="region" defaultValue={params.region ?? ''} className={select}>
            <option value="">{t('dir.filter.allRegions')}</option>
            {regions
              .filter((r) => r.level !== 'province')
              .map((r) => (
                <option key={r.code} value={r.code}>
                  {r.level === 'district' ? '\u3000' : ''}
                  {regionName(r, locale)}
                </option>
              ))}
          </select>
        </div>
        <div>
          <label htmlFor="events-category" className="block text-sm font-medium">
            {t('dir.filter.category')}
          </label>
          <select id="events-category" name="category" defaultValue={params.category ?? ''} className={select}>
            <option value="">{t('dir.filter.allCategories')}</option>
            {ACCOUNT_CATEGORIES.filter((c) => c !== 'other').map((c) => (
              <option key={c} value={c}>
                {categoryLabel(t, c)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="events-when" className="block text-sm font-medium">
            {t('dir.events.date')}
          </label>
          <select id="events-when" name="when" defaultValue={params.when ?? ''} className={select}>
            <option value="">{t('dir.events.anyDate')}</option>
            <option value="weekend">{t('dir.events.weekend')}</option>
            <option value="week">{t('dir.events.week')}</option>
            <option value="month">{t('dir.events.month')}</option>
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
          {t('dir.events.filter')}
        </button>
      </form>
      <section aria-label={t('dir.events.heading')} className="space-y-3">
        {page.items.length === 0 ? (
          <EmptyState>{filtered ? t('dir.events.empty') : t('dir.events.emptyAll')}</EmptyState>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {page.items.map((event) => (
              <li key={event.id}>
                <EventCard event={event} t={t} locale={locale} />
              </li>
            ))}
          </ul>
        )}
        {page.nextCursor ? (
          <p>
            <Link href={`/events?${next.toString()}`} className="inline-flex min-h-11 items-center underline underline-offset-4">
              {t('dir.events.more')}
            </Link>
          </p>
        ) : null}
      </section>
      <p>
        <a href="/events/calendar.ics" className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
          {t('dir.events.feed')}
        </a>
      </p>
    </div>
  );
}
