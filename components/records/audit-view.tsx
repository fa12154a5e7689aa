import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Written } from '@/components/ui/written';
import { AuditFilters, displayIp, summarizeDetail, type AuditPage } from '@/lib/audit/list';
import { formatDateTime } from '@/lib/format';
import { AUDIT_ACTION_GROUPS, isRecordsKey } from '@/lib/i18n/dict/records';
import type { Locale, Translate } from '@/lib/i18n/messages';

/** The readable name of an action; an action nobody has named yet shows as written. */
export function actionLabel(action: string, t: Translate): string {
  const key = `records.action.${action}`;
  return isRecordsKey(key) ? t(key) : action;
}

/**
 * The filters as a plain GET form: the query string is the state, so the values stay in the
 * fields after filtering and a filtered page can be bookmarked or shared with a colleague.
 */
export function AuditFilterForm({ filters, basePath, t }: { filters: AuditFilters; basePath: string; t: Translate }) {
  const field = 'mt-1';
  return (
    <form method="get" action={basePath} className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-2 font-semibold">{t('records.filter.legend')}</legend>
        <label className="block text-sm">
          {t('records.filter.action')}
          <select
            name="action"
            defaultValue={filters.action ?? ''}
            className={`${field} block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-base text-slate-900`}
          >
            <option value="">{t('records.filter.actionAll')}</option>
            {AUDIT_ACTION_GROUPS.map((group) => (
              <option key={group} value={`${group}.`}>
                {t(`records.group.${group}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          {t('records.filter.actor')}
          <Input name="actor" defaultValue={filters.actor ?? ''} autoComplete="off" className={field} />
        </label>
        <label className="block text-sm">
          {t('records.filter.from')}
          <Input type="date" name="from" defaultValue={filters.from ?? ''} aria-describedby="audit-date-hint" className={field} />
        </label>
        <label className="block text-sm">
          {t('records.filter.to')}
          <Input type="date" name="to" defaultValue={filters.to ?? ''} aria-describedby="audit-date-hint" className={field} />
        </label>
      </fieldset>
      <p id="audit-date-hint" className="mt-2 text-sm text-slate-600">
        {t('records.filter.dateHint')}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 font-medium text-white hover:bg-brand-700">
          {t('records.filter.submit')}
        </button>
        <Link href={basePath} className="inline-flex min-h-11 items-center px-2 text-brand-700 underline underline-offset-4">
          {t('records.filter.reset')}
        </Link>
      </div>
    </form>
  );
}

/** The rows as cards (one column on a phone); "older" keeps the filters and moves the cursor. */
export function AuditList(props: { page: AuditPage; filters: AuditFilters; basePath: string; fullIp: boolean; t: Translate; locale: Locale }) {
  const { page, filters, basePath, fullIp, t, locale } = props;
  if (page.rows.length === 0) return <EmptyState>{t('records.audit.empty')}</EmptyState>;
  const older = page.nextCursor ? `${basePath}?${query({ ...filters, cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-3">
      <ul className="space-y-2" data-testid="audit-rows">
        {page.rows.map((row) => {
          const detail = summarizeDetail(row.detail);
          const ip = displayIp(row.ip, fullIp);
          return (
            <li key={row.id}>
              <Card className="min-w-0 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge>{actionLabel(row.action, t)}</Badge>
                  <time dateTime={row.at.toISOString()} className="ml-auto text-slate-600">
                    {formatDateTime(row.at, locale)}
                  </time>
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
                  <dt className="text-slate-600">{t('records.audit.who')}</dt>
                  <dd className="min-w-0 break-words">
                    {row.actorEmail ? (
                      <>
                        <Written locale={locale}>{row.actorName ?? ''}</Written> <span className="break-all text-slate-600">{row.actorEmail}</span>
                      </>
                    ) : (
                      t('records.audit.system')
                    )}
                  </dd>
                  <dt className="text-slate-600">{t('records.audit.where')}</dt>
                  <dd className="min-w-0 break-all font-mono">
                    {ip ?? t('records.audit.unknownIp')}
                    {ip && !fullIp ? <span className="sr-only"> ({t('records.audit.ipMasked')})</span> : null}
                  </dd>
                  {row.entityType || detail.length > 0 ? (
                    <>
                      <dt className="text-slate-600">{t('records.audit.detail')}</dt>
                      <dd className="min-w-0 break-all font-mono text-xs leading-5">
                        {row.entityType ? <span>{`${row.entityType}#${row.entityId ?? ''}`} </span> : null}
                        {detail.map((d) => (
                          <span key={d.key} className="mr-2 inline-block">{`${d.key}=${d.value}`}</span>
                        ))}
                      </dd>
                    </>
                  ) : null}
                </dl>
              </Card>
            </li>
          );
        })}
      </ul>
      <nav className="flex flex-wrap gap-4">
        {filters.cursor ? (
          <Link href={`${basePath}?${query({ ...filters, cursor: undefined })}`} className="inline-flex min-h-11 items-center text-brand-700 underline underline-offset-4">
            {t('records.audit.newest')}
          </Link>
        ) : null}
        {older ? (
          <Link href={older} rel="next" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            {t('records.audit.older')} →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

function query(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}

/** The search params of a page as the viewer's filters (first value of each; junk dropped). */
export function filtersFrom(searchParams: Record<string, string | string[] | undefined>): AuditFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  return AuditFilters.parse({
    action: first(searchParams.action),
    actor: first(searchParams.actor),
    from: first(searchParams.from),
    to: first(searchParams.to),
    cursor: first(searchParams.cursor),
  });
}
