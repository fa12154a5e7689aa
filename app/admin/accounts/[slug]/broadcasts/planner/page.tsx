import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Written } from '@/components/ui/written';
import { getDb } from '@/db';
import { accountTags, receiptUsage, type Target } from '@/lib/broadcasts/audience';
import { MONTH, quotaCalendar } from '@/lib/broadcasts/quota';
import { shanghaiMonth } from '@/lib/time/shanghai';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import type { MessageKey } from '@/lib/i18n/messages';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('bcd.planner.heading') };
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The quota planner (docs/broadcasts.md "Quota"): used and free slots of a month, and who used their monthly receipts. */
export default async function PlannerPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'broadcasts.view');
  const { t, locale } = await getTranslator();
  const query = await searchParams;
  const asked = one(query.month);
  const month = asked && MONTH.test(asked) ? asked : shanghaiMonth(new Date());
  const db = await getDb();
  const { policy, periods } = await quotaCalendar({ db, account, month });
  const tags = await accountTags({ db, accountId: account.id });
  const tagParam = Number(one(query.tag));
  const chosen = tags.find((tag) => tag.id === tagParam);
  const target: Target = chosen ? { kind: 'tag', tagId: chosen.id } : { kind: 'all' };
  const usage = await receiptUsage({ db, account, target, month });
  const base = `/admin/accounts/${account.slug}/broadcasts/planner`;
  const windowWord = t(`bcd.window.${policy.window}` as MessageKey);
  const cap = policy.followerMonthlyCap === null ? '' : t('bcd.planner.cap', { cap: policy.followerMonthlyCap });
  const spent = periods.flatMap((p) => p.broadcasts.map((b) => ({ ...b, period: p.period })));
  const firstWeekday = (new Date(`${month}-01T00:00:00Z`).getUTCDay() + 6) % 7; // Monday first
  return (
    <div className="space-y-4">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('bcd.planner.heading')}</h1>
      <p className="text-slate-700">{t('bcd.planner.intro', { window: windowWord, limit: policy.limit, cap })}</p>
      <nav aria-label={t('bcd.planner.caption', { month })} className="flex items-center justify-between gap-2">
        <Link href={`${base}?month=${shiftMonth(month, -1)}`} className="inline-flex min-h-11 items-center rounded-lg px-3 ring-1 ring-slate-300">
          ← {t('bcd.planner.prev')}
        </Link>
        <span className="font-semibold">{month}</span>
        <Link href={`${base}?month=${shiftMonth(month, 1)}`} className="inline-flex min-h-11 items-center rounded-lg px-3 ring-1 ring-slate-300">
          {t('bcd.planner.next')} →
        </Link>
      </nav>
      <Card>
        {policy.window === 'month' ? (
          <p className="text-lg font-semibold" data-testid="planner-month">
            {t('bcd.planner.monthSlots', { used: periods[0]!.used, limit: policy.limit })}
          </p>
        ) : (
          <ol className="grid grid-cols-7 gap-1" aria-label={t('bcd.planner.caption', { month })} data-testid="planner-days">
            {periods.map((p, i) => {
              const full = p.used >= p.limit;
              return (
                <li
                  key={p.period}
                  style={i === 0 ? { gridColumnStart: firstWeekday + 1 } : undefined}
                  className={`rounded-md p-1 text-center text-xs ring-1 ${full ? 'bg-slate-700 text-white ring-slate-700' : p.used > 0 ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-white text-slate-800 ring-slate-200'}`}
                  data-period={p.period}
                  data-used={p.used}
                >
                  <span className="block font-semibold">{Number(p.period.slice(8))}</span>
                  <span className="block">{p.used > 0 ? `${p.used}/${p.limit}` : t('bcd.planner.free')}</span>
                  <span className="sr-only">{full ? t('bcd.planner.full') : t('bcd.planner.used', { used: p.used, limit: p.limit })}</span>
                </li>
              );
            })}
          </ol>
        )}
      </Card>
      <section aria-labelledby="spent-heading" className="space-y-2">
        <h2 id="spent-heading" className="text-lg font-semibold">
          {t('bcd.planner.spentBy')}
        </h2>
        {spent.length === 0 ? (
          <p className="text-slate-700">{t('bcd.planner.none')}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
            {spent.map((b) => (
              <li key={b.id} className="flex flex-wrap items-center gap-2 px-4 py-2">
                <span className="font-mono text-sm">{b.period}</span>
                <Link href={`/admin/accounts/${account.slug}/broadcasts/${b.id}`} className="inline-flex min-h-11 items-center underline">
                  <Written locale={locale}>{b.title}</Written>
                </Link>
                <span className="text-sm text-slate-700">{t(`bc.status.${b.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="receipts-heading" className="space-y-2">
        <h2 id="receipts-heading" className="text-lg font-semibold">
          {t('bcd.receipts.heading')}
        </h2>
        <form method="get" action={base} className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="month" value={month} />
          <div>
            <label htmlFor="receipts-tag" className="block font-medium">
              {t('bcd.receipts.tag')}
            </label>
            <select id="receipts-tag" name="tag" defaultValue={chosen ? String(chosen.id) : ''} className="mt-1 block min-h-11 rounded-lg border border-slate-400 bg-white px-3 text-base">
              <option value="">{t('bcd.target.all')}</option>
              {tags.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="min-h-11 rounded-lg px-4 font-medium ring-1 ring-slate-300">
            {t('bcd.receipts.submit')}
          </button>
        </form>
        <p data-testid="receipt-usage">
          {usage.cap === null
            ? t('bcd.receipts.noCap', { followers: usage.followers, reached: usage.reached })
            : t('bcd.receipts.result', { followers: usage.followers, reached: usage.reached, atCap: usage.atCap, cap: usage.cap })}
        </p>
      </section>
    </div>
  );
}
