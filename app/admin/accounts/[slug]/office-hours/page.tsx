import Link from 'next/link';
import { getDb } from '@/db';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Written } from '@/components/ui/written';
import { requireAccount } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { listCalendarDays } from '@/lib/service/calendar';
import { formatIntervals, parseOfficeHours, WEEKDAYS } from '@/lib/service/office-hours';
import { isoWeekday } from '@/lib/service/working-time';
import { shanghaiDay } from '@/lib/time/shanghai';
import { AddDayForm, HoursForm, RemoveDayButton } from './forms';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata() {
  const { t } = await getTranslator();
  return { title: t('service.hours.heading') };
}

/** Office hours, the year's calendar and the two service targets (docs/citizen-service.md). */
export default async function OfficeHoursPage({ params }: Props) {
  const { slug } = await params;
  const { account } = await requireAccount(slug, 'service.hours.edit');
  const { t, locale } = await getTranslator();
  const year = Number(shanghaiDay(new Date()).slice(0, 4));
  const days = await listCalendarDays({ db: await getDb(), accountId: account.id, year });
  const weekly = parseOfficeHours(account.officeHours);
  const initial: Record<string, string> = {
    ...Object.fromEntries(WEEKDAYS.map((d) => [`day${d}`, formatIntervals(weekly[d] ?? [])])),
    firstResponseWorkingHours: String(account.firstResponseWorkingHours),
    resolutionWorkingDays: String(account.resolutionWorkingDays),
  };
  const weekdays = WEEKDAYS.map((d) => t(`service.weekday.${d}`));
  return (
    <div className="space-y-4" data-testid="office-hours-page">
      <Link href={`/admin/accounts/${account.slug}`} className="inline-flex min-h-11 items-center text-sm underline">
        ← <Written locale={locale}>{account.name}</Written>
      </Link>
      <h1 className="text-2xl font-bold">{t('service.hours.heading')}</h1>
      <p className="text-slate-700">{t('service.hours.intro')}</p>
      <Card>
        <HoursForm
          slug={account.slug}
          initial={initial}
          copy={{
            weekly: t('service.hours.weekly'),
            weeklyHint: t('service.hours.weeklyHint'),
            weekdays,
            invalidHours: t('service.hours.invalid'),
            targets: t('service.targets.heading'),
            firstResponse: t('service.targets.firstResponse'),
            resolution: t('service.targets.resolution'),
            invalidFirst: t('service.targets.invalidHours'),
            invalidDays: t('service.targets.invalidDays'),
            save: t('service.hours.save'),
            saving: t('service.hours.saving'),
            saved: t('service.hours.saved'),
            invalidForm: t('service.hours.invalidForm'),
          }}
        />
      </Card>
      <section aria-labelledby="calendar-heading" className="space-y-3">
        <h2 id="calendar-heading" className="text-xl font-semibold">
          {t('service.calendar.heading', { year })}
        </h2>
        <p className="text-slate-700">{t('service.calendar.intro', { year })}</p>
        {days.length === 0 ? (
          <EmptyState>{t('service.calendar.empty')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200" data-testid="calendar-days">
            {days.map((d) => (
              <li key={d.day} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2">
                <time dateTime={d.day} className="font-mono">
                  {d.day}
                </time>
                <span className="text-slate-700">{weekdays[isoWeekday(d.day) - 1]}</span>
                <span className={d.kind === 'workday' ? 'font-medium text-amber-800' : 'font-medium text-green-800'}>{t(`service.calendar.kind.${d.kind}`)}</span>
                {d.label ? <Written locale={locale}>{d.label}</Written> : null}
                <span className="ml-auto">
                  <RemoveDayButton
                    slug={account.slug}
                    day={d.day}
                    copy={{
                      remove: t('service.calendar.remove'),
                      removeLabel: t('service.calendar.removeLabel', { day: d.day }),
                      removing: t('service.calendar.removing'),
                      noSuchDay: t('service.calendar.noSuchDay'),
                    }}
                  />
                </span>
              </li>
            ))}
          </ul>
        )}
        <Card>
          <AddDayForm
            slug={account.slug}
            copy={{
              heading: t('service.calendar.addHeading'),
              day: t('service.calendar.day'),
              kind: t('service.calendar.kind'),
              holiday: t('service.calendar.kind.holiday'),
              workday: t('service.calendar.kind.workday'),
              label: t('service.calendar.label'),
              invalidDay: t('service.calendar.invalidDay'),
              add: t('service.calendar.add'),
              adding: t('service.calendar.adding'),
              added: t('service.calendar.added'),
            }}
          />
        </Card>
      </section>
    </div>
  );
}
